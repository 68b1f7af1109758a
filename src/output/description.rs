//! The short description of a rule, one sentence on one line: what `copydesk rules` lists and
//! SARIF's `shortDescription`, so that both show the same text.

/// The first sentence of a rule's description, its lines unwrapped. A sentence ends at `.`, `!`
/// or `?` followed by a space and a capital letter (maybe after an opening bracket or quote).
pub fn short_description(description: &str) -> String {
    first_sentence(&unwrap_paragraphs(description)).to_string()
}

/// Rule descriptions are hard-wrapped YAML blocks; viewers wrap text themselves.
pub fn unwrap_paragraphs(text: &str) -> String {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}

/// The first sentence of the first paragraph. A sentence ends at `.`, `!` or `?` followed by a
/// space and a capital letter, which may come after opening brackets and quotes (`loop. (Dolma's`),
/// so that `e.g. this` and `adults. click Here` (a quoted example) do not end it.
fn first_sentence(text: &str) -> &str {
    let para = text.split("\n\n").next().unwrap_or(text);
    let mut chars = para.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|&(_, n)| n == ' ') {
            let next = para[i + 2..]
                .chars()
                .find(|c| !matches!(c, '(' | '[' | '"' | '\'' | '“' | '‘' | '«'));
            if next.is_some_and(char::is_uppercase) {
                return &para[..=i];
            }
        }
    }
    para
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions() {
        let text = "One line\nwrapped. Second\nsentence.\n\n  Next paragraph.\n";
        let full = unwrap_paragraphs(text);
        assert_eq!(
            full,
            "One line wrapped. Second sentence.\n\nNext paragraph."
        );
        assert_eq!(first_sentence(&full), "One line wrapped.");
        assert_eq!(
            first_sentence("adults. click Here. Then"),
            "adults. click Here."
        );
        assert_eq!(first_sentence("No end"), "No end");
        assert_eq!(first_sentence("In a loop. (Dolma's tagger.)"), "In a loop.");
        assert_eq!(
            first_sentence("A mark (`plans. “` at the end)."),
            "A mark (`plans. “` at the end)."
        );
        assert_eq!(
            short_description("First\nline. Second.\n\nNext paragraph."),
            "First line."
        );
    }
}
