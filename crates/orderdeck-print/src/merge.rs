//! Many PDFs as one: the platforms' airway bills of a bulk arrangement go to the printer
//! as one file (one print job, in the order the orders were marked).

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// File `index` (from 0) is not a PDF we can read.
    #[error("document {index} is not a readable PDF: {detail}")]
    Unreadable { index: usize, detail: String },
    #[error("no pages to merge")]
    Empty,
    #[error("the merged PDF could not be written: {0}")]
    Write(String),
}

/// Attributes a page may take from the page tree above it (PDF 32000-1 §7.7.3.4): a page
/// moved under a new tree must carry them itself.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// The page's own dictionary with what it inherited from its ancestors filled in.
fn standalone_page(doc: &Document, page_id: ObjectId) -> Option<Dictionary> {
    let mut page = doc.get_object(page_id).ok()?.as_dict().ok()?.clone();
    let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
    // A page tree is shallow; the bound guards against a malformed loop.
    for _ in 0..32 {
        let Some(id) = parent else { break };
        let Some(node) = doc.get_object(id).ok().and_then(|o| o.as_dict().ok()) else {
            break;
        };
        for key in INHERITED {
            if !page.has(key)
                && let Ok(v) = node.get(key)
            {
                page.set(key, v.clone());
            }
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    Some(page)
}

/// The pages of every file, in order, as one PDF. One file comes back unchanged.
pub fn merge_pdfs(files: &[Vec<u8>]) -> Result<Vec<u8>, MergeError> {
    match files {
        [] => return Err(MergeError::Empty),
        [one] => {
            Document::load_mem(one).map_err(|e| MergeError::Unreadable {
                index: 0,
                detail: e.to_string(),
            })?;
            return Ok(one.clone());
        }
        _ => {}
    }
    let mut next_id = 1;
    let mut pages: Vec<(ObjectId, Dictionary)> = Vec::new();
    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();
    for (index, bytes) in files.iter().enumerate() {
        let mut doc = Document::load_mem(bytes).map_err(|e| MergeError::Unreadable {
            index,
            detail: e.to_string(),
        })?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        // get_pages is keyed by page number: the document's own order.
        for page_id in doc.get_pages().into_values() {
            if let Some(page) = standalone_page(&doc, page_id) {
                pages.push((page_id, page));
            }
        }
        objects.extend(doc.objects);
    }
    if pages.is_empty() {
        return Err(MergeError::Empty);
    }
    let mut merged = Document::with_version("1.5");
    // Everything but the page trees and catalogues comes over as it is (fonts, images,
    // content streams); pages hang off one new tree.
    for (id, object) in objects {
        match object.type_name().unwrap_or(b"") {
            b"Catalog" | b"Pages" | b"Page" | b"Outlines" | b"Outline" => {}
            _ => {
                merged.objects.insert(id, object);
            }
        }
    }
    let pages_id = (next_id, 0);
    let catalog_id = (next_id + 1, 0);
    let kids: Vec<Object> = pages.iter().map(|(id, _)| Object::Reference(*id)).collect();
    let count = i64::try_from(pages.len()).unwrap_or(i64::MAX);
    for (id, mut page) in pages {
        page.set("Parent", pages_id);
        merged.objects.insert(id, Object::Dictionary(page));
    }
    let mut tree = Dictionary::new();
    tree.set("Type", "Pages");
    tree.set("Kids", kids);
    tree.set("Count", count);
    merged.objects.insert(pages_id, Object::Dictionary(tree));
    let mut catalog = Dictionary::new();
    catalog.set("Type", "Catalog");
    catalog.set("Pages", pages_id);
    merged
        .objects
        .insert(catalog_id, Object::Dictionary(catalog));
    merged.trailer.set("Root", catalog_id);
    merged.max_id = next_id + 1;
    merged.renumber_objects();
    let mut out = Vec::new();
    merged
        .save_to(&mut out)
        .map_err(|e| MergeError::Write(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real label from our own maker, one page.
    fn label(tracking: &str) -> Vec<u8> {
        let mut data = crate::label_tests::sample();
        data.tracking_number = tracking.into();
        crate::pdf(&data).expect("a label")
    }

    #[test]
    fn ten_labels_make_one_file_of_ten_pages_in_order() {
        let files: Vec<Vec<u8>> = (1..=10).map(|i| label(&format!("SPXVN{i:03}"))).collect();
        let merged = merge_pdfs(&files).expect("merged");
        let doc = Document::load_mem(&merged).expect("readable");
        assert_eq!(doc.get_pages().len(), 10);
        let text = pdf_extract::extract_text_from_mem(&merged).expect("text");
        let first = text.find("SPXVN001").expect("first label");
        let last = text.find("SPXVN010").expect("last label");
        assert!(first < last, "pages keep the order they were given");
    }

    #[test]
    fn garbage_is_refused_with_its_place() {
        let files = vec![label("SPXVN1"), b"not a pdf".to_vec()];
        match merge_pdfs(&files) {
            Err(MergeError::Unreadable { index: 1, .. }) => {}
            other => panic!("expected the second file refused, got {other:?}"),
        }
        assert!(matches!(merge_pdfs(&[]), Err(MergeError::Empty)));
    }
}
