//! `metric` (a `formula` of the document's counts against a `condition`) and `readability`
//! (the average grade of named formulas above `grade`): one alert for the whole document.

use super::stats::Stats;
use super::{Found, Keys, State, ValeCheck};

#[derive(Debug)]
pub struct Metric {
    formula: Expr,
    condition: (String, f64),
}

#[derive(Debug)]
pub struct Readability {
    metrics: Vec<String>,
    grade: f64,
}

impl Metric {
    pub fn new(keys: &Keys) -> Result<Metric, String> {
        let formula = keys.string("formula").unwrap_or_default();
        let formula = Parser::parse(formula.trim())?;
        let condition = keys.string("condition").unwrap_or_default();
        let condition = condition.trim();
        let op_len = condition
            .find(|c: char| !"<>=!".contains(c))
            .unwrap_or(condition.len());
        let (op, value) = condition.split_at(op_len);
        let value: f64 = value.trim().parse().map_err(|_| {
            format!("`condition` must be an operator and a number, not `{condition}`")
        })?;
        if !matches!(op, ">" | "<" | ">=" | "<=" | "==" | "!=") {
            return Err(format!("unknown operator `{op}` in `condition`"));
        }
        Ok(Metric {
            formula,
            condition: (op.to_string(), value),
        })
    }
}

impl Readability {
    pub fn new(keys: &Keys) -> Result<Readability, String> {
        let metrics = keys.strings("metrics");
        if let Some(bad) = metrics.iter().find(|m| Stats::default().grade(m).is_none()) {
            return Err(format!("unknown readability metric `{bad}`"));
        }
        Ok(Readability {
            metrics,
            grade: keys.number("grade").unwrap_or(0.0),
        })
    }
}

impl ValeCheck for Metric {
    fn run(&self, text: &str, state: &mut State) -> Vec<Found> {
        let stats = Stats::of(text);
        if stats.words == 0.0 {
            return Vec::new();
        }
        let lookup = |name: &str| -> f64 {
            stats.get(name).unwrap_or_else(|| {
                let key = name.replace('.', "_");
                state
                    .metrics
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0.0, |(_, v)| *v)
            })
        };
        let value = self.formula.eval(&lookup);
        let (op, limit) = (&self.condition.0, self.condition.1);
        let hit = match op.as_str() {
            ">" => value > limit,
            "<" => value < limit,
            ">=" => value >= limit,
            "<=" => value <= limit,
            "==" => value == limit,
            _ => value != limit,
        };
        if !hit || !value.is_finite() {
            return Vec::new();
        }
        vec![Found {
            range: 0..0,
            subs: smallvec::smallvec![format!("{value:.2}").into()],
            ..Found::default()
        }]
    }
}

impl ValeCheck for Readability {
    fn run(&self, text: &str, _: &mut State) -> Vec<Found> {
        let stats = Stats::of(text);
        if stats.words == 0.0 || self.metrics.is_empty() {
            return Vec::new();
        }
        let grade = self
            .metrics
            .iter()
            .filter_map(|m| stats.grade(m))
            .sum::<f64>()
            / self.metrics.len() as f64;
        if grade <= self.grade {
            return Vec::new();
        }
        vec![Found {
            range: 0..0,
            subs: smallvec::smallvec![format!("{grade:.2}").into()],
            ..Found::default()
        }]
    }
}

/// An arithmetic expression of numbers, variables (`words`, `heading.h2`), `+ - * / %`,
/// parentheses and `math.sqrt`, `math.abs`, `math.log`, `math.pow`.
#[derive(Debug)]
enum Expr {
    Num(f64),
    Var(String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

impl Expr {
    fn eval(&self, var: &dyn Fn(&str) -> f64) -> f64 {
        match self {
            Expr::Num(n) => *n,
            Expr::Var(v) => var(v),
            Expr::Neg(e) => -e.eval(var),
            Expr::Bin(op, a, b) => {
                let (a, b) = (a.eval(var), b.eval(var));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ => a % b,
                }
            }
            Expr::Call(f, args) => {
                let a: Vec<f64> = args.iter().map(|e| e.eval(var)).collect();
                let x = a.first().copied().unwrap_or(0.0);
                match f.as_str() {
                    "math.sqrt" => x.sqrt(),
                    "math.abs" => x.abs(),
                    "math.log" => x.ln(),
                    "math.pow" => x.powf(a.get(1).copied().unwrap_or(1.0)),
                    _ => f64::NAN,
                }
            }
        }
    }
}

/// A recursive-descent parser of [`Expr`].
struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn parse(text: &str) -> Result<Expr, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            at: 0,
        };
        let e = p.sum()?;
        p.space();
        if p.at != p.s.len() {
            return Err(format!("unexpected `{}` in `formula`", &text[p.at..]));
        }
        Ok(e)
    }

    fn space(&mut self) {
        while self.s.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.s.get(self.at).copied()
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut e = self.product()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.at += 1;
            e = Expr::Bin(op as char, Box::new(e), Box::new(self.product()?));
        }
        Ok(e)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        while let Some(op @ (b'*' | b'/' | b'%')) = self.peek() {
            self.at += 1;
            e = Expr::Bin(op as char, Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek() == Some(b'-') {
            self.at += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(b'(') => {
                self.at += 1;
                let e = self.sum()?;
                if self.peek() != Some(b')') {
                    return Err("missing `)` in `formula`".into());
                }
                self.at += 1;
                Ok(e)
            }
            Some(b) if b.is_ascii_digit() || b == b'.' => {
                let start = self.at;
                while self
                    .s
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
                {
                    self.at += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.at]).unwrap_or("");
                text.parse()
                    .map(Expr::Num)
                    .map_err(|_| format!("bad number `{text}` in `formula`"))
            }
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let start = self.at;
                while self
                    .s
                    .get(self.at)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
                {
                    self.at += 1;
                }
                let name = String::from_utf8_lossy(&self.s[start..self.at]).into_owned();
                if self.peek() == Some(b'(') {
                    self.at += 1;
                    let mut args = Vec::new();
                    if self.peek() != Some(b')') {
                        args.push(self.sum()?);
                        while self.peek() == Some(b',') {
                            self.at += 1;
                            args.push(self.sum()?);
                        }
                    }
                    if self.peek() != Some(b')') {
                        return Err("missing `)` in `formula`".into());
                    }
                    self.at += 1;
                    return Ok(Expr::Call(name, args));
                }
                Ok(Expr::Var(name))
            }
            _ => Err("expected a number, a variable or `(` in `formula`".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas() {
        let e =
            Parser::parse("1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291")
                .unwrap();
        let v = e.eval(&|n| match n {
            "polysyllabic_words" => 30.0,
            "sentences" => 10.0,
            _ => 0.0,
        });
        assert!((v - (1.0430 * 90.0f64.sqrt() + 3.1291)).abs() < 1e-9);
        let e = Parser::parse("heading.h1 + -list * 2").unwrap();
        assert_eq!(e.eval(&|n| if n == "heading.h1" { 3.0 } else { 1.0 }), 1.0);
        assert!(Parser::parse("words +").is_err());
    }
}
