//! Just enough XML to read Lazada's `payload` parameter: elements, text, the five
//! entities, comments, CDATA and a prolog. Attributes are skipped.

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the child `name`, when it has any.
    pub fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }

    /// Follows a path of child names.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }
}

pub(crate) fn parse(s: &str) -> Result<Element, String> {
    let mut p = Parser { s, i: 0 };
    p.skip_misc()?;
    let root = p.element()?;
    p.skip_misc()?;
    if p.i != s.len() {
        return Err("text after the root element".into());
    }
    Ok(root)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.i..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.i = self.s.len() - trimmed.len();
    }

    fn skip_until(&mut self, end: &str) -> Result<(), String> {
        match self.rest().find(end) {
            Some(at) => {
                self.i += at + end.len();
                Ok(())
            }
            None => Err(format!("missing {end:?}")),
        }
    }

    /// Whitespace, prolog, comments and doctype between elements.
    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.rest().starts_with("<?") {
                self.skip_until("?>")?;
            } else if self.rest().starts_with("<!--") {
                self.skip_until("-->")?;
            } else if self.rest().starts_with("<!") && !self.rest().starts_with("<![CDATA[") {
                self.skip_until(">")?;
            } else {
                return Ok(());
            }
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let end = self
            .rest()
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or("unterminated tag")?;
        let name = self.rest()[..end].to_string();
        if name.is_empty() {
            return Err("a tag without a name".into());
        }
        self.i += end;
        Ok(name)
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.rest().starts_with('<') {
            return Err("expected an element".into());
        }
        self.i += 1;
        let name = self.name()?;
        // Attributes are not needed: skip to the end of the tag.
        let end = self.rest().find('>').ok_or("unterminated tag")?;
        let self_closing = self.rest()[..end].trim_end().ends_with('/');
        self.i += end + 1;
        let mut el = Element {
            name,
            ..Element::default()
        };
        if self_closing {
            return Ok(el);
        }
        loop {
            if self.rest().starts_with("</") {
                self.i += 2;
                let close = self.name()?;
                if close != el.name {
                    return Err(format!("<{}> closed by </{close}>", el.name));
                }
                self.skip_ws();
                if !self.rest().starts_with('>') {
                    return Err(format!("unterminated </{close}"));
                }
                self.i += 1;
                return Ok(el);
            } else if self.rest().starts_with("<!--") {
                self.skip_until("-->")?;
            } else if let Some(after) = self.rest().strip_prefix("<![CDATA[") {
                let end = after.find("]]>").ok_or("unterminated CDATA")?;
                el.text.push_str(&after[..end]);
                self.i += "<![CDATA[".len() + end + 3;
            } else if self.rest().starts_with('<') {
                el.children.push(self.element()?);
            } else if self.rest().is_empty() {
                return Err(format!("<{}> is never closed", el.name));
            } else {
                let end = self.rest().find('<').unwrap_or(self.rest().len());
                el.text.push_str(&unescape(&self.rest()[..end])?);
                self.i += end;
            }
        }
    }
}

fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let end = after.find(';').ok_or("unterminated entity")?;
        let entity = &after[1..end];
        match entity {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            e if e.starts_with("#x") => out.push(
                u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or("bad character reference")?,
            ),
            e if e.starts_with('#') => out.push(
                e[1..]
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or("bad character reference")?,
            ),
            other => return Err(format!("unknown entity &{other};")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_lazada_payload() {
        let x = parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?><Request><Product><Skus>\
             <Sku><SellerSku>A&amp;B</SellerSku><Quantity> 7 </Quantity></Sku>\
             <Sku><SellerSku><![CDATA[C<D]]></SellerSku><Empty/></Sku>\
             </Skus></Product></Request>",
        )
        .unwrap();
        let skus: Vec<&Element> = x.path(&["Product", "Skus"]).unwrap().all("Sku").collect();
        assert_eq!(skus.len(), 2);
        assert_eq!(skus[0].text_of("SellerSku").as_deref(), Some("A&B"));
        assert_eq!(skus[0].text_of("Quantity").as_deref(), Some("7"));
        assert_eq!(skus[1].text_of("SellerSku").as_deref(), Some("C<D"));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }
}
