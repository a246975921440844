//! An e-invoice's XML as the tax authority's format writes it (reference §5.1: `TTChung`,
//! `KHMSHDon`, `KHHDon`, `SHDon`, `NLap`, `MCCQT`), read out of the ZIP a provider hands
//! back. S-Invoice's ZIP representation is a zip holding a zip with the XML and its XSL
//! (§3.2); a zip holding the XML directly is read too. Every entry is read through a cap,
//! so a hostile or broken file costs at most a few megabytes and says what is wrong.

use std::io::{Cursor, Read};

/// The most read of any one entry: an invoice's XML is tens of kilobytes.
const MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024;
/// Zips inside zips, at most this deep.
const MAX_DEPTH: u8 = 2;
/// Entries looked at per archive: an invoice's ZIP holds two or three.
const MAX_ENTRIES: usize = 64;

/// The tax-authority code (`MCCQT`) of the invoice XML inside `zip`; `Ok(None)` when the
/// XML has none (a without-code series), `Err` when no XML can be read.
pub fn authority_code(zip: &[u8]) -> Result<Option<String>, String> {
    let xml = invoice_xml(zip, 0)?.ok_or("the ZIP holds no invoice XML")?;
    Ok(element_text(&xml, "MCCQT"))
}

/// The invoice's XML (the one holding `HDon`, the invoice element), else the first XML;
/// a nested archive that cannot be read is passed over.
fn invoice_xml(bytes: &[u8], depth: u8) -> Result<Option<String>, String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable ZIP: {e}"))?;
    let mut first: Option<String> = None;
    for i in 0..archive.len().min(MAX_ENTRIES) {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("ZIP entry {i}: {e}"))?;
        let name = entry.name().to_ascii_lowercase();
        let is_xml = name.ends_with(".xml");
        let is_zip = name.ends_with(".zip");
        if !(is_xml || is_zip && depth < MAX_DEPTH) {
            continue;
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("ZIP entry {name}: {e}"))?;
        if data.len() as u64 > MAX_ENTRY_BYTES {
            return Err(format!(
                "ZIP entry {name} is larger than {MAX_ENTRY_BYTES} bytes"
            ));
        }
        if is_xml {
            let Ok(text) = String::from_utf8(data) else {
                continue;
            };
            if text.contains("HDon") {
                return Ok(Some(text));
            }
            first.get_or_insert(text);
            continue;
        }
        if let Ok(Some(xml)) = invoice_xml(&data, depth + 1) {
            return Ok(Some(xml));
        }
    }
    Ok(first)
}

/// The trimmed text of the first `<tag>` element (any namespace prefix), if not empty.
fn element_text(xml: &str, tag: &str) -> Option<String> {
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let end = after.find('>')?;
        let head = &after[..end];
        let name = head.split_whitespace().next().unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        if local == tag && !head.ends_with('/') {
            let body = &after[end + 1..];
            let close = body.find("</")?;
            let text = body[..close].trim();
            return (!text.is_empty()).then(|| text.to_string());
        }
        rest = &after[end + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            for (name, data) in entries {
                w.start_file(*name, zip::write::SimpleFileOptions::default())
                    .expect("entry");
                w.write_all(data).expect("write");
            }
            w.finish().expect("finish");
        }
        out.into_inner()
    }

    #[test]
    fn the_code_is_read_from_the_xml_in_the_zip_in_the_zip() {
        let xml = "<HDon><DLHDon><TTChung><KHHDon>C26TYY</KHHDon></TTChung></DLHDon>\
                   <MCCQT Id=\"x\">00A1B2C3D4E5F60718293A4B5C6D7E8F90</MCCQT></HDon>";
        let inner = zip_of(&[("K1.xml", xml.as_bytes()), ("K1.xsl", b"<xsl/>")]);
        let outer = zip_of(&[("invoice.zip", &inner)]);
        assert_eq!(
            authority_code(&outer),
            Ok(Some("00A1B2C3D4E5F60718293A4B5C6D7E8F90".into()))
        );
        // Without a code (a K series), and a prefixed tag.
        let k = zip_of(&[("K2.xml", b"<HDon><TTChung/></HDon>")]);
        assert_eq!(authority_code(&k), Ok(None));
        let ns = zip_of(&[(
            "a.xml",
            b"<inv:HDon><inv:MCCQT> 12AB </inv:MCCQT></inv:HDon>",
        )]);
        assert_eq!(authority_code(&ns), Ok(Some("12AB".into())));
    }

    #[test]
    fn a_broken_or_empty_file_says_so() {
        assert!(
            authority_code(b"not a zip")
                .unwrap_err()
                .contains("not a readable ZIP")
        );
        let none = zip_of(&[("readme.txt", b"hello")]);
        assert!(
            authority_code(&none)
                .unwrap_err()
                .contains("no invoice XML")
        );
    }
}
