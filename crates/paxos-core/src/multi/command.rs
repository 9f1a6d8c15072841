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

impl fmt::Display for Op {
    /// The operation in a few words: `put k=v`, `get k`, `add S4`, `no-op`...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Put { key, value } => write!(f, "put {key}={value}"),
            Op::Get { key } => write!(f, "get {key}"),
            Op::Delete { key } => write!(f, "delete {key}"),
            Op::Noop => write!(f, "no-op"),
            Op::AddServer { node } => write!(f, "add S{}", node.0 + 1),
            Op::RemoveServer { node } => write!(f, "remove S{}", node.0 + 1),
        }
    }
}

impl fmt::Display for Command {
    /// `#id op` (`#3 put k=v`); a no-op has no id to show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.op {
            Op::Noop => write!(f, "{}", self.op),
            _ => write!(f, "#{} {}", self.id, self.op),
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
    fn commands_and_submissions_read_as_before() {
        use crate::sim::Action;
        use crate::NodeId;
        let cases = [
            (
                Op::Put {
                    key: "k".into(),
                    value: "v".into(),
                },
                "#3 put k=v",
                "submit \"put k=v\" at node 1",
            ),
            (
                Op::Get { key: "k".into() },
                "#3 get k",
                "submit \"get k\" at node 1",
            ),
            (
                Op::Delete { key: "k".into() },
                "#3 delete k",
                "submit \"delete k\" at node 1",
            ),
            (Op::Noop, "no-op", "submit \"no-op\" at node 1"),
            (
                Op::AddServer { node: NodeId(3) },
                "#3 add S4",
                "submit \"add S4\" at node 1",
            ),
            (
                Op::RemoveServer { node: NodeId(0) },
                "#3 remove S1",
                "submit \"remove S1\" at node 1",
            ),
        ];
        for (op, command, submit) in cases {
            assert_eq!(
                Command {
                    id: 3,
                    op: op.clone()
                }
                .to_string(),
                command
            );
            let action = Action::Submit {
                node: NodeId(1),
                request: op,
            };
            assert_eq!(action.to_string(), submit);
        }
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
