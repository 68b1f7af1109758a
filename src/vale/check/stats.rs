//! The counts Vale's `metric` and `readability` kinds read from a document's summary (its
//! paragraphs, list items and block quotes): words, sentences, syllables and the rest, as
//! Vale's `summarize` package counts them, with the usual English syllable heuristic.

/// Counts of one text.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub words: f64,
    pub sentences: f64,
    pub syllables: f64,
    pub complex_words: f64,
    pub long_words: f64,
    pub polysyllabic_words: f64,
    pub characters: f64,
    pub paragraphs: f64,
}

impl Stats {
    pub fn of(text: &str) -> Stats {
        let mut s = Stats::default();
        for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            s.paragraphs += 1.0;
            let mut in_sentence = false;
            for token in para.split_whitespace() {
                let word: String = token
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                if !word.is_empty() {
                    in_sentence = true;
                    s.words += 1.0;
                    s.characters += word.chars().filter(|c| c.is_alphanumeric()).count() as f64;
                    let n = syllables(&word);
                    s.syllables += n as f64;
                    if n >= 3 {
                        s.polysyllabic_words += 1.0;
                        let proper = word.chars().next().is_some_and(char::is_uppercase);
                        if !proper && !word.contains('-') {
                            s.complex_words += 1.0;
                        }
                    }
                    if word.chars().count() > 6 {
                        s.long_words += 1.0;
                    }
                }
                if in_sentence && token.ends_with(['.', '!', '?']) {
                    s.sentences += 1.0;
                    in_sentence = false;
                }
            }
            if in_sentence {
                s.sentences += 1.0;
            }
        }
        s
    }

    /// The value of a variable of Vale's formulas, if it is one of these counts.
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "words" => self.words,
            "sentences" => self.sentences,
            "syllables" => self.syllables,
            "complex_words" => self.complex_words,
            "long_words" => self.long_words,
            "polysyllabic_words" => self.polysyllabic_words,
            "characters" => self.characters,
            "paragraphs" => self.paragraphs,
            _ => return None,
        })
    }

    fn ratio(a: f64, b: f64) -> f64 {
        if b == 0.0 { 0.0 } else { a / b }
    }

    /// The grade of one of the readability formulas Vale names.
    pub fn grade(&self, metric: &str) -> Option<f64> {
        let wps = Self::ratio(self.words, self.sentences);
        Some(match metric {
            "Flesch-Kincaid" => 0.39 * wps + 11.8 * Self::ratio(self.syllables, self.words) - 15.59,
            "SMOG" => {
                1.0430 * (Self::ratio(self.polysyllabic_words * 30.0, self.sentences)).sqrt()
                    + 3.1291
            }
            "Gunning Fog" => 0.4 * (wps + 100.0 * Self::ratio(self.complex_words, self.words)),
            "Coleman-Liau" => {
                0.0588 * Self::ratio(self.characters, self.words) * 100.0
                    - 0.296 * Self::ratio(self.sentences, self.words) * 100.0
                    - 15.8
            }
            "Automated Readability" => {
                4.71 * Self::ratio(self.characters, self.words) + 0.5 * wps - 21.43
            }
            _ => return None,
        })
    }
}

/// The syllables of an English word: groups of vowels, less a silent final `e`, at least one.
pub fn syllables(word: &str) -> usize {
    let w = word.to_lowercase();
    let chars: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    if chars.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev = false;
    for &c in &chars {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = chars.len();
    if n > 2 && chars[n - 1] == 'e' && !vowel(chars[n - 2]) && chars[n - 2] != 'l' {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("readability"), 5);
        let s =
            Stats::of("The cat sat. It was extraordinarily comfortable!\n\nAnother paragraph here");
        assert_eq!((s.words, s.sentences, s.paragraphs), (10.0, 3.0, 2.0));
        assert_eq!(s.long_words, 4.0);
    }
}
