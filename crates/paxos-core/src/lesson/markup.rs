//! The captions' tiny markup: plain text with `*emphasis*`, `` `code` `` and
//! `[words](pms:2.3)`, a link to a section of *Paxos Made Simple*. Never HTML: the page puts
//! captions in with text nodes, and a caption with a tag in it is refused here, so that a lesson
//! never carries markup the page would show as raw text.

/// The sections of *Paxos Made Simple* a caption may link to (`pms:2.3`).
pub const SECTIONS: &[&str] = &["1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "3"];

/// Checks a caption: balanced `*` and `` ` ``, well-formed links to known sections, no HTML.
pub fn check_caption(text: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("a caption is empty".into());
    }
    if let Some(at) = text.find('<') {
        let rest: String = text[at..].chars().take(12).collect();
        if rest
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            return Err(format!(
                "captions are plain text, not HTML (found “{rest}”)"
            ));
        }
    }
    for (mark, name) in [('*', "emphasis"), ('`', "code")] {
        if text.chars().filter(|&c| c == mark).count() % 2 == 1 {
            return Err(format!(
                "an unclosed {name} mark {mark} in “{}”",
                short(text)
            ));
        }
    }
    let mut rest = text;
    while let Some(open) = rest.find("](") {
        let after = &rest[open + 2..];
        let close = after
            .find(')')
            .ok_or_else(|| format!("an unclosed link in “{}”", short(text)))?;
        let target = &after[..close];
        let section = target.strip_prefix("pms:").ok_or_else(|| {
            format!("a link may only point to Paxos Made Simple (pms:2.3), not “{target}”")
        })?;
        if !SECTIONS.contains(&section) {
            return Err(format!(
                "Paxos Made Simple has no section {section} (it has {})",
                SECTIONS.join(", ")
            ));
        }
        if !rest[..open].contains('[') {
            return Err(format!("a link without its [words] in “{}”", short(text)));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_take_the_tiny_markup_and_refuse_html() {
        assert_eq!(
            check_caption("A *majority* sends `promise`; see [phase 1](pms:2.3)."),
            Ok(())
        );
        assert_eq!(check_caption("ballot 1 < 2 is fine"), Ok(()));
        for (bad, why) in [
            ("<b>bold</b>", "not HTML"),
            ("an *open mark", "unclosed emphasis"),
            (
                "see [this](https://example.com)",
                "only point to Paxos Made Simple",
            ),
            ("see [this](pms:9)", "no section 9"),
            ("see [this](pms:2.3", "unclosed link"),
            ("  ", "empty"),
        ] {
            let err = check_caption(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
