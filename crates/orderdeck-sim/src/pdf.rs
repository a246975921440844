//! The simulators' printed documents: a small real PDF, one A6 page (105 × 148 mm) per
//! line of text, in Helvetica — enough for a viewer to open and for pages to be counted,
//! printed and merged. The carriers' print pages and the marketplaces' airway bills all
//! come from here.

/// One A6 page per entry of `pages` (at least one page); characters a plain PDF string
/// cannot hold unescaped are left out.
pub(crate) fn a6_pages(pages: &[String]) -> Vec<u8> {
    let n = pages.len().max(1);
    // Objects: 1 catalog, 2 page tree, 3 font, then a page and its contents per page.
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    for i in 0..n {
        let text: String = pages
            .get(i)
            .map(String::as_str)
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '-' | '_'))
            .collect();
        let stream = format!("BT /F1 12 Tf 20 380 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents {} 0 R \
             /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_page_per_entry() {
        let pdf = super::a6_pages(&["a".into(), "b".into(), "c".into()]);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("/Count 3"));
        assert!(text.trim_end().ends_with("%%EOF"));
    }
}
