//! Kubernetes label selectors, exactly as apimachinery's `labels` package reads them.
//!
//! The string syntax (`Parse` in apimachinery's `labels/selector.go`):
//!
//! ```text
//! selector     := "" | requirement ("," requirement)*
//! requirement  := "!" KEY                              (DoesNotExist)
//!               | KEY                                  (Exists)
//!               | KEY ("=" | "==" | "!=") VALUE?       (Equals / DoubleEquals / NotEquals)
//!               | KEY (">" | "<") VALUE                (GreaterThan / LessThan)
//!               | KEY ("in" | "notin") "(" valuelist ")"
//! valuelist    := "" | VALUE? ("," VALUE?)*
//! ```
//!
//! Every requirement must hold. Keys and values are validated as label keys
//! and values ([`validate`]); requirements are sorted by key, and
//! [`Selector`]'s `Display` prints the canonical form.
//!
//! ```
//! use svcmap::engine::labels::{Labels, Selector};
//! let sel: Selector = "tier in (web,api), !canary".parse().unwrap();
//! assert_eq!(sel.to_string(), "!canary,tier in (api,web)");
//! let pod: Labels = [("tier".to_string(), "web".to_string())].into();
//! assert!(sel.matches(&pod));
//! ```

pub mod lexer;
pub mod parser;
pub mod validate;

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A set of labels: key → value.
pub type Labels = BTreeMap<String, String>;

/// The operator of one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Operator {
    /// `key in (a,b)`: present with one of the values.
    In,
    /// `key notin (a,b)`: absent, or present with none of the values.
    NotIn,
    /// `key=a`
    Equals,
    /// `key==a`
    DoubleEquals,
    /// `key!=a`: absent, or present with another value.
    NotEquals,
    /// `key`: present.
    Exists,
    /// `!key`: absent.
    DoesNotExist,
    /// `key>N`: present with an integer value greater than N.
    GreaterThan,
    /// `key<N`: present with an integer value less than N.
    LessThan,
}

/// One requirement of a selector: a key, an operator and its values.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Requirement {
    /// The label key.
    pub key: String,
    /// The operator.
    pub operator: Operator,
    /// The values, sorted and without duplicates.
    pub values: Vec<String>,
}

impl Requirement {
    /// Builds a requirement with apimachinery's `NewRequirement` checks: a
    /// valid key, the value count the operator needs, integer values for
    /// `>`/`<`, and valid label values.
    pub fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Requirement, String> {
        let mut errors = Vec::new();
        if let Err(e) = validate::validate_key(key) {
            errors.push(format!("key: Invalid value: \"{key}\": {e}"));
        }
        match operator {
            Operator::In | Operator::NotIn if values.is_empty() => {
                errors.push("values: for 'in', 'notin' operators, values set can't be empty".into())
            }
            Operator::Equals | Operator::DoubleEquals | Operator::NotEquals
                if values.len() != 1 =>
            {
                errors.push("values: exact-match compatibility requires one single value".into())
            }
            Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
                errors.push("values: values set must be empty for exists and does not exist".into())
            }
            Operator::GreaterThan | Operator::LessThan => {
                if values.len() != 1 {
                    errors.push(
                        "values: for 'Gt', 'Lt' operators, exactly one value is required".into(),
                    );
                }
                for (i, v) in values.iter().enumerate() {
                    if v.parse::<i64>().is_err() {
                        errors.push(format!("values[{i}]: Invalid value: \"{v}\": for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
            _ => {}
        }
        for (i, v) in values.iter().enumerate() {
            if let Err(e) = validate::validate_value(v) {
                errors.push(format!("values[{i}]: Invalid value: \"{v}\": {e}"));
            }
        }
        if !errors.is_empty() {
            return Err(errors.join(", "));
        }
        let mut values = values;
        crate::engine::base::order::sort(&mut values);
        values.dedup();
        Ok(Requirement {
            key: key.to_string(),
            operator,
            values,
        })
    }

    /// Whether the labels satisfy this requirement (`Requirement.Matches`).
    pub fn matches(&self, labels: &Labels) -> bool {
        let has = |v: &str| self.values.iter().any(|x| x == v);
        let got = labels.get(&self.key);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => got.is_some_and(|v| has(v)),
            Operator::NotIn | Operator::NotEquals => got.is_none_or(|v| !has(v)),
            Operator::Exists => got.is_some(),
            Operator::DoesNotExist => got.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(got), [want]) = (got, self.values.as_slice()) else {
                    return false;
                };
                let (Ok(got), Ok(want)) = (got.parse::<i64>(), want.parse::<i64>()) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    got > want
                } else {
                    got < want
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator == Operator::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let op = match self.operator {
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => " in (",
            Operator::NotIn => " notin (",
            Operator::GreaterThan => ">",
            Operator::LessThan => "<",
            Operator::Exists | Operator::DoesNotExist => return Ok(()),
        };
        f.write_str(op)?;
        f.write_str(&self.values.join(","))?;
        if matches!(self.operator, Operator::In | Operator::NotIn) {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A parsed selector: an AND of requirements, or the selector that matches nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Selector {
    /// The requirements, sorted by key.
    pub requirements: Vec<Requirement>,
    /// True for the *nothing* selector (a nil LabelSelector, `LabelSelectorAsSelector`).
    pub nothing: bool,
}

impl Selector {
    /// The selector that matches every label set.
    pub fn everything() -> Selector {
        Selector::default()
    }

    /// The selector that matches no label set.
    pub fn nothing() -> Selector {
        Selector {
            requirements: Vec::new(),
            nothing: true,
        }
    }

    /// An AND of `key=value` requirements, unvalidated, as Service selectors
    /// are read (`SelectorFromValidatedSet`). An empty map gives *everything*.
    pub fn from_map(map: &Labels) -> Selector {
        Selector {
            requirements: map
                .iter()
                .map(|(k, v)| Requirement {
                    key: k.clone(),
                    operator: Operator::Equals,
                    values: vec![v.clone()],
                })
                .collect(),
            nothing: false,
        }
    }

    /// Whether this selector matches everything.
    pub fn is_everything(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// Whether all requirements hold for `labels`.
    pub fn matches(&self, labels: &Labels) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

/// Why a selector string could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{message}")]
pub struct SelectorError {
    /// Message modelled on apimachinery's.
    pub message: String,
    /// Byte offset where the offending token starts.
    pub start: usize,
    /// Byte offset after it.
    pub end: usize,
}

impl SelectorError {
    /// The 1-based column (in characters) of the offending token in `input`.
    pub fn column(&self, input: &str) -> usize {
        input
            .get(..self.start)
            .map_or(self.start, |s| s.chars().count())
            + 1
    }
}

impl FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Selector, SelectorError> {
        Ok(Selector {
            requirements: parser::parse(s)?,
            nothing: false,
        })
    }
}

/// A `matchExpressions` entry of a LabelSelector object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LabelSelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist` (exact case).
    pub operator: String,
    /// The values.
    pub values: Vec<String>,
}

/// The LabelSelector API object (`matchLabels` / `matchExpressions`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LabelSelector {
    /// Each entry is a `key=value` requirement.
    pub match_labels: Labels,
    /// Set-based requirements.
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

impl LabelSelector {
    /// Converts to a plain label map like `LabelSelectorAsMap`: only
    /// `matchLabels` and single-valued `In` can be expressed; anything else is
    /// an error, returned with the part that did convert. `None` gives `None`.
    pub fn to_map(selector: Option<&LabelSelector>) -> (Option<Labels>, Option<String>) {
        let Some(ls) = selector else {
            return (None, None);
        };
        let mut out = ls.match_labels.clone();
        for e in &ls.match_expressions {
            match (e.operator.as_str(), e.values.as_slice()) {
                ("In", [v]) => {
                    out.insert(e.key.clone(), v.clone());
                }
                ("In", _) => {
                    return (
                        Some(out),
                        Some(format!("operator \"In\" without a single value cannot be converted into the old label selector format ({})", e.key)),
                    )
                }
                (op, _) => {
                    // Go's `%q` of the operator: a JSON string literal reads the same.
                    let mut quoted = String::new();
                    crate::engine::yaml::quote::json_string(&mut quoted, op);
                    return (
                        Some(out),
                        Some(format!("{quoted} cannot be converted into the old label selector format ({})", e.key)),
                    )
                }
            }
        }
        (Some(out), None)
    }

    /// Reads a selector string into a LabelSelector object like
    /// `ParseToLabelSelector`: `=`/`==` go to `matchLabels`,
    /// `in`/`notin`/exists/`!` to `matchExpressions`; `!=`, `>` and `<` have
    /// no LabelSelector form and are errors.
    pub fn parse(s: &str) -> Result<LabelSelector, String> {
        let sel: Selector = s.parse().map_err(|e: SelectorError| e.message)?;
        let mut ls = LabelSelector::default();
        for r in sel.requirements {
            let op = match r.operator {
                Operator::Equals | Operator::DoubleEquals => {
                    ls.match_labels
                        .insert(r.key, r.values.into_iter().next().unwrap_or_default());
                    continue;
                }
                Operator::In => "In",
                Operator::NotIn => "NotIn",
                Operator::Exists => "Exists",
                Operator::DoesNotExist => "DoesNotExist",
                Operator::NotEquals | Operator::GreaterThan | Operator::LessThan => {
                    return Err(format!(
                        "invalid selector operator for a LabelSelector: {r}"
                    ))
                }
            };
            ls.match_expressions.push(LabelSelectorRequirement {
                key: r.key,
                operator: op.into(),
                values: r.values,
            });
        }
        Ok(ls)
    }

    /// Converts to a selector like `LabelSelectorAsSelector`:
    /// `None` matches nothing, an empty object matches everything.
    pub fn to_selector(selector: Option<&LabelSelector>) -> Result<Selector, String> {
        let Some(ls) = selector else {
            return Ok(Selector::nothing());
        };
        let mut reqs = Vec::new();
        for (k, v) in &ls.match_labels {
            reqs.push(Requirement::new(k, Operator::Equals, vec![v.clone()])?);
        }
        for e in &ls.match_expressions {
            let op = match e.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(format!(
                        "\"{other}\" is not a valid label selector operator"
                    ))
                }
            };
            reqs.push(Requirement::new(&e.key, op, e.values.clone())?);
        }
        crate::engine::base::order::sort_by(&mut reqs, |a, b| a.key.cmp(&b.key));
        Ok(Selector {
            requirements: reqs,
            nothing: false,
        })
    }
}

#[cfg(test)]
mod tests;
