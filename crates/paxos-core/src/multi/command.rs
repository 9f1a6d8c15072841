//! Client commands and the key-value store they are applied to.
//!
//! Every command carries a unique id, assigned by the simulator when a client submits it. The id
//! is what makes a retried command harmless: a command may end up chosen in two slots (a client
//! retries through a new leader), but the state machine applies each id once and records the
//! second slot as a duplicate.

use crate::ballot::NodeId;
use crate::error::{Error, Result};
use imbl::OrdMap;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest key, in characters.
pub const MAX_KEY_CHARS: usize = 32;
/// Longest stored value, in characters.
pub const MAX_VALUE_CHARS: usize = 64;

/// An operation on the key-value store.
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
pub enum Op {
    /// Set `key` to `value`.
    Put {
        /// The key.
        key: String,
        /// The value.
        value: String,
    },
    /// Read `key`.
    Get {
        /// The key.
        key: String,
    },
    /// Remove `key`.
    Delete {
        /// The key.
        key: String,
    },
    /// Does nothing: fills a slot a new leader found empty.
    Noop,
    /// Reconfiguration: server `node` joins the cluster, `alpha` slots after the slot this
    /// command is chosen in (revision 3).
    AddServer {
        /// The server.
        node: NodeId,
    },
    /// Reconfiguration: server `node` leaves the cluster, `alpha` slots after the slot this
    /// command is chosen in (revision 3).
    RemoveServer {
        /// The server.
        node: NodeId,
    },
}

impl Op {
    /// Checks a client's operation: keys and values of sensible length, no control characters;
    /// a client cannot submit a no-op.
    pub fn validate(&self) -> Result<()> {
        let text = |what: &str, s: &str, max: usize| {
            let chars = s.chars().count();
            if s.trim().is_empty() {
                Err(Error::InvalidValue(format!("a {what} must not be empty")))
            } else if chars > max {
                Err(Error::InvalidValue(format!(
                    "a {what} must be at most {max} characters, got {chars}"
                )))
            } else if s.chars().any(char::is_control) {
                Err(Error::InvalidValue(format!(
                    "a {what} must not contain control characters"
                )))
            } else {
                Ok(())
            }
        };
        match self {
            Op::Put { key, value } => {
                text("key", key, MAX_KEY_CHARS)?;
                text("value", value, MAX_VALUE_CHARS)
            }
            Op::Get { key } | Op::Delete { key } => text("key", key, MAX_KEY_CHARS),
            Op::Noop => Err(Error::InvalidValue("a client cannot submit a no-op".into())),
            Op::AddServer { .. } | Op::RemoveServer { .. } => Err(Error::InvalidValue(
                "membership changes are the addServer and removeServer actions, not a submitted request"
                    .into(),
            )),
        }
    }
}

/// A client command: an operation and its unique id (0 for no-ops). Its TypeScript type,
/// `{ id: number } & Op`, is declared in the wasm module (tsify cannot flatten an enum).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Command {
    /// Unique per submitted command; 0 for the no-ops a leader makes up.
    pub id: u64,
    /// What to do.
    #[serde(flatten)]
    pub op: Op,
}

impl Command {
    /// The no-op a new leader puts in an empty slot.
    pub const fn noop() -> Self {
        Self {
            id: 0,
            op: Op::Noop,
        }
    }

    /// Whether this is a no-op.
    pub fn is_noop(&self) -> bool {
        self.op == Op::Noop
    }

    /// Whether this changes the membership.
    pub fn is_reconfiguration(&self) -> bool {
        matches!(self.op, Op::AddServer { .. } | Op::RemoveServer { .. })
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.op {
            Op::Put { key, value } => write!(f, "#{} put {key}={value}", self.id),
            Op::Get { key } => write!(f, "#{} get {key}", self.id),
            Op::Delete { key } => write!(f, "#{} delete {key}", self.id),
            Op::Noop => write!(f, "no-op"),
            Op::AddServer { node } => write!(f, "#{} add S{}", self.id, node.0 + 1),
            Op::RemoveServer { node } => write!(f, "#{} remove S{}", self.id, node.0 + 1),
        }
    }
}

/// The replicated state machine: a small key-value store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct KvStore {
    /// A persistent map: a copy of the store (a checkpoint, a model checker's state) shares it.
    data: OrdMap<String, String>,
}

impl KvStore {
    /// Applies an operation; returns what a client would be told.
    pub fn apply(&mut self, op: &Op) -> String {
        match op {
            Op::Put { key, value } => match self.data.insert(key.clone(), value.clone()) {
                Some(old) => format!("ok (was {old})"),
                None => "ok".into(),
            },
            Op::Get { key } => match self.data.get(key) {
                Some(value) => value.clone(),
                None => "(not found)".into(),
            },
            Op::Delete { key } => match self.data.remove(key) {
                Some(_) => "deleted".into(),
                None => "(not found)".into(),
            },
            Op::Noop | Op::AddServer { .. } | Op::RemoveServer { .. } => String::new(),
        }
    }

    /// The pairs, by key.
    pub fn pairs(&self) -> impl Iterator<Item = (&String, &String)> {
        self.data.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_puts_gets_and_deletes() {
        let mut kv = KvStore::default();
        let put = |v: &str| Op::Put {
            key: "x".into(),
            value: v.into(),
        };
        assert_eq!(kv.apply(&put("1")), "ok");
        assert_eq!(kv.apply(&put("2")), "ok (was 1)");
        assert_eq!(kv.apply(&Op::Get { key: "x".into() }), "2");
        assert_eq!(kv.apply(&Op::Delete { key: "x".into() }), "deleted");
        assert_eq!(kv.apply(&Op::Get { key: "x".into() }), "(not found)");
        assert_eq!(kv.apply(&Op::Noop), "");
    }

    #[test]
    fn bad_operations_are_refused() {
        assert!(Op::Noop.validate().is_err());
        assert!(Op::Get { key: " ".into() }.validate().is_err());
        assert!(Op::Put {
            key: "k".repeat(33),
            value: "v".into()
        }
        .validate()
        .is_err());
        assert!(Op::Put {
            key: "k".into(),
            value: "v".into()
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn commands_read_as_text() {
        let c = Command {
            id: 3,
            op: Op::Put {
                key: "x".into(),
                value: "1".into(),
            },
        };
        assert_eq!(c.to_string(), "#3 put x=1");
        assert_eq!(Command::noop().to_string(), "no-op");
    }
}
