//! The check kinds by `extends:` name, and what each needs to read its keys and build its check.
//!
//! Each kind owns, in its own file, a struct of the rule keys it accepts (serde derives it, with
//! the defaults and the doc of each key) and a [`Spec::build`] that validates them and builds the
//! check. [`KINDS`] maps the `extends:` names to them: a new kind is its file and one line here.
//!
//! The keys every rule has (`extends`, `message`, `level`, ...) belong to the rule loader
//! (`crate::rules`), which reads them first and hands the same text to [`Kind::load_yaml`] with
//! their names, to be skipped. A key that is neither the loader's nor the kind's is refused where
//! serde finds it, so the error keeps its line and column. The built-in rules come as
//! [`JsonKeys`] instead, which the build script makes of their YAML: each side parses only the
//! values of its own keys.

use super::Check;
use crate::diagnostic::Applicability;
use serde::de::value::{MapDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, IntoDeserializer, Visitor};
use serde::{Deserialize, Deserializer, forward_to_deserialize_any};
use std::fmt;

/// Every check kind, by its `extends:` name and how specific its findings are, in the order error
/// messages list them.
pub const KINDS: &[Kind] = &[
    Kind::of::<super::existence::ExistenceSpec>("existence", Specificity::Phrase),
    Kind::of::<super::substitution::SubstitutionSpec>("substitution", Specificity::Phrase),
    Kind::of::<super::balance::BalanceSpec>("balance", Specificity::Heuristic),
    Kind::of::<super::repetition::RepetitionSpec>("repetition", Specificity::Heuristic),
    Kind::of::<super::capitalization::CapitalizationSpec>("capitalization", Specificity::Heuristic),
    Kind::of::<super::density::DensitySpec>("density", Specificity::Block),
    Kind::of::<super::foreign::ForeignSpec>("foreign", Specificity::Heuristic),
    Kind::of::<super::acronym::AcronymSpec>("acronym", Specificity::Heuristic),
    Kind::of::<super::boilerplate::BoilerplateSpec>("boilerplate", Specificity::Block),
    Kind::of::<super::mojibake::MojibakeSpec>("mojibake", Specificity::Phrase),
    Kind::of::<super::quotation::QuotationSpec>("quotation", Specificity::Heuristic),
];

/// How closely the findings of a check kind pin down what is wrong with their bytes: when two
/// rules report the same bytes, the finding of the more specific kind is the one shown, the other
/// becoming a note on it (`crate::linter`). Ordered from the least specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Specificity {
    /// A verdict on a run of lines or a paragraph (boilerplate, density), made of evidence that
    /// other findings may report one by one.
    Block,
    /// A judgement on words in their context (a capital, a foreign word, an acronym, a repeat,
    /// an unbalanced quote), which the same bytes could also earn for another reason.
    Heuristic,
    /// The bytes themselves are the evidence: a listed phrase, a listed substitution, a decoding
    /// error.
    Phrase,
}

/// The names of [`KINDS`], for serde's "unknown variant" message.
const NAMES: [&str; KINDS.len()] = {
    let mut names = [""; KINDS.len()];
    let mut i = 0;
    while i < KINDS.len() {
        names[i] = KINDS[i].name;
        i += 1;
    }
    names
};

/// The rule keys of one check kind: what a rule file that extends it may say, and how that
/// becomes a check.
pub trait Spec: DeserializeOwned + fmt::Debug {
    /// Validates the keys and builds the check. Errors name the key at fault (and the value,
    /// when it is one item of a list) so that the loader can point into the rule file.
    fn build(self, context: &BuildContext) -> Result<Built, KeyError>;
}

/// One check kind: its `extends:` name and its [`Spec`], type-erased.
pub struct Kind {
    name: &'static str,
    specificity: Specificity,
    yaml: fn(&str, &'static [&'static str], &BuildContext) -> Result<Built, YamlError>,
    json: fn(&JsonKeys, &'static [&'static str], &BuildContext) -> Result<Built, JsonError>,
    keys: fn() -> &'static [&'static str],
    /// The kind's keys read from YAML and from JSON, as `Debug` text (for the test that the two
    /// agree on every built-in rule).
    #[cfg(test)]
    pub(crate) read_both: fn(&str, &JsonKeys, &'static [&'static str]) -> (String, String),
}

/// A rule file's top-level keys, each with the JSON of its value, as the build script writes a
/// built-in rule file.
pub type JsonKeys<'a> = [(&'a str, &'a str)];

/// Why [`Kind::load_yaml`] failed.
pub type YamlError = LoadError<serde_yaml::Error>;
/// Why [`Kind::load_json`] failed.
pub type JsonError = LoadError<serde_json::Error>;

impl Kind {
    /// The entry of the kind whose keys are `S`.
    pub const fn of<S: Spec>(name: &'static str, specificity: Specificity) -> Kind {
        Kind {
            name,
            specificity,
            yaml: load_yaml::<S>,
            json: load_json::<S>,
            keys: keys_of::<S>,
            #[cfg(test)]
            read_both: read_both::<S>,
        }
    }

    /// The kind named `name` in `extends:`.
    pub fn find(name: &str) -> Option<&'static Kind> {
        KINDS.iter().find(|k| k.name == name)
    }

    /// The `extends:` name.
    pub fn as_str(&self) -> &'static str {
        self.name
    }

    /// How specific the kind's findings are.
    pub fn specificity(&self) -> Specificity {
        self.specificity
    }

    /// The keys this kind accepts, besides the common ones.
    pub fn keys(&self) -> &'static [&'static str] {
        (self.keys)()
    }

    /// Reads this kind's keys from a whole YAML rule file and builds its check. `common` are
    /// the keys the caller reads itself; they are skipped. `builtin`: the file is one of the
    /// built-in packs.
    pub fn load_yaml(
        &self,
        text: &str,
        common: &'static [&'static str],
        builtin: bool,
    ) -> Result<Built, YamlError> {
        (self.yaml)(text, common, &self.context(builtin))
    }

    /// [`Kind::load_yaml`] for a built-in rule file as the build script converts it: each
    /// top-level key with the JSON of its value (which parses faster than YAML, and lets the
    /// kind and the loader each parse only their own values).
    pub fn load_json(
        &self,
        keys: &JsonKeys,
        common: &'static [&'static str],
        builtin: bool,
    ) -> Result<Built, JsonError> {
        (self.json)(keys, common, &self.context(builtin))
    }

    fn context(&self, builtin: bool) -> BuildContext {
        BuildContext {
            kind: self.name,
            builtin,
        }
    }
}

impl fmt::Debug for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A `deserialize_with` function for the `extends:` key: the kind of that name, or serde's
/// "unknown variant" error at the value.
pub fn deserialize_kind<'de, D: Deserializer<'de>>(d: D) -> Result<&'static Kind, D::Error> {
    struct Name;
    impl Visitor<'_> for Name {
        type Value = &'static Kind;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the name of a check kind")
        }
        fn visit_str<E: de::Error>(self, name: &str) -> Result<&'static Kind, E> {
            Kind::find(name).ok_or_else(|| E::unknown_variant(name, &NAMES))
        }
    }
    d.deserialize_str(Name)
}

/// Why [`Kind::load_yaml`] or [`Kind::load_json`] failed.
#[derive(Debug)]
pub enum LoadError<E> {
    /// The text does not fit the kind's keys (an unknown key, a value of the wrong type): the
    /// deserializer's error, which knows where.
    Keys(E),
    /// The keys parse but a value is refused.
    Value(KeyError),
}

/// What a kind's [`Spec::build`] is told.
#[derive(Debug, Clone, Copy)]
pub struct BuildContext {
    /// The kind's `extends:` name, for messages.
    pub kind: &'static str,
    /// A built-in rule: its regexes are checked by a test rather than on every start.
    pub builtin: bool,
}

impl BuildContext {
    /// The error for a rule of this kind that lacks `what` (a key, or "`a` or `b`"); it points
    /// at `extends:`.
    pub fn missing(&self, what: &str) -> KeyError {
        KeyError {
            key: "extends",
            value: None,
            message: format!("a rule that extends `{}` needs `{what}`", self.kind),
        }
    }
}

/// A refused value: the key it belongs to and, when it is one item of a list, that item, which
/// the loader looks for in the file to point at (falling back to the key).
#[derive(Debug, Clone)]
pub struct KeyError {
    pub key: &'static str,
    pub value: Option<String>,
    pub message: String,
}

impl KeyError {
    /// An error at `key:`.
    pub fn at_key(key: &'static str, message: String) -> Self {
        KeyError {
            key,
            value: None,
            message,
        }
    }

    /// An error at the item `value` of `key` (at `key:` when the item is not found).
    pub fn at_value(key: &'static str, value: &str, message: String) -> Self {
        KeyError {
            key,
            value: Some(value.to_string()),
            message,
        }
    }
}

/// What a kind builds from a rule's keys.
#[derive(Debug)]
pub struct Built {
    pub check: Box<dyn Check>,
    /// Applicability of the fixes the rule's findings carry.
    pub applicability: Applicability,
}

impl Built {
    /// `check`, whose fixes are [`Applicability::Unsafe`] unless the rule's `fix:` says
    /// otherwise.
    pub fn new(check: impl Check + 'static, fix: Option<Fix>) -> Self {
        Built::with_default(check, fix, Applicability::Unsafe)
    }

    /// `check`, whose fixes are `default` unless the rule's `fix:` says otherwise.
    pub fn with_default(
        check: impl Check + 'static,
        fix: Option<Fix>,
        default: Applicability,
    ) -> Self {
        Built {
            check: Box::new(check),
            applicability: fix.map_or(default, Applicability::from),
        }
    }
}

/// The `fix:` key of the kinds whose findings carry fixes: whether `--fix` applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fix {
    Safe,
    Unsafe,
}

impl From<Fix> for Applicability {
    fn from(f: Fix) -> Self {
        match f {
            Fix::Safe => Applicability::Safe,
            Fix::Unsafe => Applicability::Unsafe,
        }
    }
}

/// [`Kind::load_yaml`] for the kind whose keys are `S`.
fn load_yaml<S: Spec>(
    text: &str,
    common: &'static [&'static str],
    context: &BuildContext,
) -> Result<Built, LoadError<serde_yaml::Error>> {
    let de = serde_yaml::Deserializer::from_str(text);
    let spec = S::deserialize(OwnKeys::new(de, common, context.kind)).map_err(LoadError::Keys)?;
    spec.build(context).map_err(LoadError::Value)
}

/// [`Kind::load_json`] for the kind whose keys are `S`.
fn load_json<S: Spec>(
    keys: &JsonKeys,
    common: &'static [&'static str],
    context: &BuildContext,
) -> Result<Built, JsonError> {
    let spec = S::deserialize(OwnKeys::new(json_keys(keys), common, context.kind))
        .map_err(LoadError::Keys)?;
    spec.build(context).map_err(LoadError::Value)
}

/// A deserializer of the map of `keys`: key names with the JSON of their values.
pub fn json_keys<'a>(keys: &'a JsonKeys<'a>) -> impl Deserializer<'a, Error = serde_json::Error> {
    let keys = keys.iter().map(|&(key, json)| (key, JsonValue(json)));
    MapDeserializer::<_, serde_json::Error>::new(keys)
}

/// The JSON text of one value, parsed when the value is asked for; skipped without a look
/// (the build script wrote it: it is valid JSON).
#[derive(Clone, Copy)]
struct JsonValue<'a>(&'a str);

impl<'a> IntoDeserializer<'a, serde_json::Error> for JsonValue<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// Methods of [`JsonValue`] that parse its text with serde_json's deserializer.
macro_rules! parse_json_value {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'a>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> Result<V::Value, serde_json::Error> {
            let mut de = serde_json::Deserializer::from_str(self.0);
            let value = (&mut de).$method($($arg,)* visitor)?;
            de.end()?;
            Ok(value)
        }
    )*};
}

impl<'a> Deserializer<'a> for JsonValue<'a> {
    type Error = serde_json::Error;

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    parse_json_value! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_identifier();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }
}

#[cfg(test)]
fn read_both<S: Spec>(
    yaml: &str,
    json: &JsonKeys,
    common: &'static [&'static str],
) -> (String, String) {
    let from_yaml = S::deserialize(OwnKeys::new(
        serde_yaml::Deserializer::from_str(yaml),
        common,
        "",
    ));
    let from_json = S::deserialize(OwnKeys::new(json_keys(json), common, ""));
    (format!("{from_yaml:?}"), format!("{from_json:?}"))
}

/// The field names of a struct that derives `Deserialize`, as serde's derive lists them.
pub fn keys_of<T: DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldNames) {
        Err(FieldsError(fields)) => fields,
        Ok(_) => &[],
    }
}

/// A deserializer that only answers the field names serde's derive passes to
/// `deserialize_struct`.
struct FieldNames;

#[derive(Debug)]
struct FieldsError(&'static [&'static str]);

impl fmt::Display for FieldsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a struct")
    }
}

impl std::error::Error for FieldsError {}

impl de::Error for FieldsError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        FieldsError(&[])
    }
}

impl<'de> Deserializer<'de> for FieldNames {
    type Error = FieldsError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, FieldsError> {
        Err(FieldsError(&[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, FieldsError> {
        Err(FieldsError(fields))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A deserializer of a kind's keys out of a whole rule file: the keys in `common` are skipped,
/// any other key that the kind's struct does not have is refused with a message that lists the
/// keys a rule of this kind may have.
struct OwnKeys<D> {
    de: D,
    common: &'static [&'static str],
    kind: &'static str,
}

impl<D> OwnKeys<D> {
    fn new(de: D, common: &'static [&'static str], kind: &'static str) -> Self {
        OwnKeys { de, common, kind }
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for OwnKeys<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_struct("", &[], visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let keys = Keys {
            common: self.common,
            fields,
            kind: self.kind,
        };
        self.de
            .deserialize_struct(name, fields, OwnKeysVisitor { visitor, keys })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Which keys are skipped, which are the kind's.
#[derive(Clone, Copy)]
struct Keys {
    common: &'static [&'static str],
    fields: &'static [&'static str],
    kind: &'static str,
}

impl Keys {
    /// Why `key` is refused: it belongs to another kind, or to none.
    fn refusal(&self, key: &str) -> String {
        if KINDS
            .iter()
            .any(|k| k.name != self.kind && k.keys().contains(&key))
        {
            return format!(
                "`{key}` has no meaning for a rule that extends `{}`",
                self.kind
            );
        }
        // serde's wording for an unknown field, listing the common keys as well.
        let mut expected = self.common.iter().chain(self.fields).peekable();
        let mut message = format!("unknown field `{key}`, expected one of ");
        while let Some(k) = expected.next() {
            message.push('`');
            message.push_str(k);
            message.push('`');
            if expected.peek().is_some() {
                message.push_str(", ");
            }
        }
        message
    }
}

struct OwnKeysVisitor<V> {
    visitor: V,
    keys: Keys,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OwnKeysVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(OwnKeysMap {
            map,
            keys: self.keys,
        })
    }
}

struct OwnKeysMap<A> {
    map: A,
    keys: Keys,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for OwnKeysMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let mut seed = Some(seed);
        loop {
            let key = KeySeed {
                seed: &mut seed,
                keys: self.keys,
            };
            match self.map.next_key_seed(key)? {
                None => return Ok(None),
                Some(Some(field)) => return Ok(Some(field)),
                // A common key: its value was read by the caller already.
                Some(None) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// Reads one key: `None` for a common key; the kind's field for one of its own; an error (at
/// the key, where the format's deserializer places it) for any other.
struct KeySeed<'s, K> {
    seed: &'s mut Option<K>,
    keys: Keys,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, K> {
    type Value = Option<K::Value>;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_identifier(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeySeed<'_, K> {
    type Value = Option<K::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if self.keys.common.contains(&key) {
            return Ok(None);
        }
        if !self.keys.fields.contains(&key) {
            return Err(E::custom(self.keys.refusal(key)));
        }
        let seed = self.seed.take().expect("a key seed is used once");
        let key: StrDeserializer<E> = key.into_deserializer();
        seed.deserialize(key).map(Some)
    }
}

/// A map whose keys must differ (`swap:`): YAML readers keep the last of two equal keys, which
/// would drop a pair without a word.
pub fn unique_keys<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<std::collections::BTreeMap<String, String>, D::Error> {
    struct Unique;
    impl<'de> serde::de::Visitor<'de> for Unique {
        type Value = std::collections::BTreeMap<String, String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of strings to strings")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = std::collections::BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                }
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Unique)
}
