//! Permalinks: a whole run (configuration, seed, every action and the step shown) in a URL
//! fragment, compactly.
//!
//! Format version 4 (this build writes it) is `v4.` followed by the base64url (no padding) of
//! the bytes below; versions 1 to 3 (`v1.` to `v3.`, still read, exactly as before) have the
//! same layout. The
//! version of the link is the version of the trace it opens as, so a version-1 link replays
//! with the protocol as it was then (see [`TRACE_VERSION`]).
//!
//! | field | encoding |
//! |---|---|
//! | configuration | length-prefixed JSON of the fields that differ from the defaults |
//! | seed | varint |
//! | cursor | varint: 0 for "the last step", else the step + 1 |
//! | actions | varint count, then each action: a tag byte and its fields (below) |
//!
//! Varints are unsigned LEB128; strings are a varint length and UTF-8. Tags: 0 a run of `n`
//! steps (`n` varint, so a long run costs two or three bytes), 1 deliver, 2 drop, 3 duplicate
//! (message id), 4 crash, 5 restart (node), 6 propose (node, value), 7 submit (node, then 0 put
//! key value, 1 get key, 2 delete key), 8 set link (from, to, loss, duplicate, min delay + 1 or
//! 0, max delay + 1 or 0, FIFO 0/1; in version 2 then corrupt), 9 partition (group count, then
//! each group's node count and nodes), 10 cut (from, to), 11 heal; version 2 adds 12 misbehave
//! (node); version 3 adds 13 add server (via), 14 remove server (via, node) and 15 transaction
//! (coordinator); version 4 adds 16 fire (node, then the timer: 0 retry, 1 election, 2
//! heartbeat, 3 suspect and its node).
//!
//! Decoding is strict: an unknown version, bad base64, a truncated or over-long field, an
//! unknown tag or trailing bytes is an error naming the problem, never a panic. Ids are checked
//! when the decoded trace is replayed.

use crate::ballot::NodeId;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::multi::command::Op;
use crate::network::LinkFaults;
use crate::roles::Timer;
use crate::sim::{Action, Trace};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Serialize;

/// The prefix of the permalinks this build writes.
pub const PREFIX: &str = "v4.";

/// The prefixes this build reads, with the trace version each opens as.
const READS: [(&str, u32); 4] = [("v1.", 1), ("v2.", 2), ("v3.", 3), ("v4.", 4)];

/// Encodes a trace as a permalink fragment (without the `#`).
pub fn encode(trace: &Trace) -> String {
    let mut out = Vec::new();
    let config = config_delta(&trace.config);
    put_bytes(&mut out, config.as_bytes());
    put_varint(&mut out, u64::from(trace.seed));
    put_varint(&mut out, trace.cursor.map_or(0, |c| c + 1));
    put_varint(&mut out, count_records(&trace.actions));
    let mut i = 0;
    while i < trace.actions.len() {
        if trace.actions[i] == Action::Step {
            let run = trace.actions[i..]
                .iter()
                .take_while(|a| **a == Action::Step)
                .count();
            out.push(0);
            put_varint(&mut out, run as u64);
            i += run;
            continue;
        }
        put_action(&mut out, &trace.actions[i]);
        i += 1;
    }
    format!("{PREFIX}{}", Base64UrlUnpadded::encode_string(&out))
}

/// Decodes a permalink fragment (with or without the leading `#`).
pub fn decode(link: &str) -> Result<Trace> {
    let link = link.strip_prefix('#').unwrap_or(link);
    let Some((version, body)) = READS
        .iter()
        .find_map(|&(prefix, version)| Some((version, link.strip_prefix(prefix)?)))
    else {
        let version = link.split('.').next().unwrap_or_default();
        return Err(bad(if version.starts_with('v') && link.contains('.') {
            format!("it is from format {version:?}, and this page reads v1 to v4")
        } else {
            "it does not start with \"v1.\", \"v2.\", \"v3.\" or \"v4.\"".into()
        }));
    };
    let bytes = Base64UrlUnpadded::decode_vec(body)
        .map_err(|err| bad(format!("it is not valid base64url ({err})")))?;
    let mut r = Reader {
        bytes: &bytes,
        at: 0,
        version,
    };
    let config_json = r.string("the configuration")?;
    let config = crate::plain::config_from_json(&config_json)
        .map_err(|err| bad(format!("its configuration is invalid: {err}")))?;
    let seed = u32::try_from(r.varint("the seed")?).map_err(|_| bad("its seed is too large"))?;
    let cursor = r.varint("the cursor")?.checked_sub(1);
    let records = r.varint("the number of actions")?;
    let mut actions = Vec::new();
    for _ in 0..records {
        r.action(&mut actions)?;
        if actions.len() > MAX_ACTIONS {
            return Err(bad(format!("it holds more than {MAX_ACTIONS} actions")));
        }
    }
    if r.at != bytes.len() {
        return Err(bad(format!(
            "{} unexpected bytes follow the actions",
            bytes.len() - r.at
        )));
    }
    Ok(Trace {
        version,
        config,
        seed,
        actions,
        cursor,
    })
}

/// The most actions a permalink may hold (a guard against a tiny link that expands enormously).
pub const MAX_ACTIONS: usize = 1_000_000;

fn bad(why: impl Into<String>) -> Error {
    Error::InvalidTrace(format!("this link cannot be opened: {}", why.into()))
}

/// The configuration fields that differ from the defaults, as JSON, in the order of their names
/// (as serde_json's maps wrote them before: the same runs give the same links).
fn config_delta(config: &Config) -> String {
    // Every field, so that a new one cannot be forgotten here.
    let Config {
        acceptors,
        alpha,
        backoff,
        ballot_ceiling,
        checksums,
        distinguished,
        election_timeout,
        heartbeat,
        jitter,
        layout,
        learners,
        max_delay,
        min_delay,
        mode,
        participants,
        proposers,
        revision,
        sabotage,
        timeout,
        votes,
    } = config;
    let d = Config::default();
    let mut fields = Vec::new();
    put(&mut fields, "acceptors", acceptors, &d.acceptors);
    put(&mut fields, "alpha", alpha, &d.alpha);
    put(&mut fields, "backoff", backoff, &d.backoff);
    put(
        &mut fields,
        "ballotCeiling",
        ballot_ceiling,
        &d.ballot_ceiling,
    );
    put(&mut fields, "checksums", checksums, &d.checksums);
    put(
        &mut fields,
        "distinguished",
        distinguished,
        &d.distinguished,
    );
    put(
        &mut fields,
        "electionTimeout",
        election_timeout,
        &d.election_timeout,
    );
    put(&mut fields, "heartbeat", heartbeat, &d.heartbeat);
    put(&mut fields, "jitter", jitter, &d.jitter);
    put(&mut fields, "layout", layout, &d.layout);
    put(&mut fields, "learners", learners, &d.learners);
    put(&mut fields, "maxDelay", max_delay, &d.max_delay);
    put(&mut fields, "minDelay", min_delay, &d.min_delay);
    put(&mut fields, "mode", mode, &d.mode);
    put(&mut fields, "participants", participants, &d.participants);
    put(&mut fields, "proposers", proposers, &d.proposers);
    put(&mut fields, "revision", revision, &d.revision);
    put(&mut fields, "sabotage", sabotage, &d.sabotage);
    put(&mut fields, "timeout", timeout, &d.timeout);
    put(&mut fields, "votes", votes, &d.votes);
    format!("{{{}}}", fields.join(","))
}

/// One field of [`config_delta`], if it differs from its default.
fn put<T: Serialize + PartialEq>(fields: &mut Vec<String>, name: &str, value: &T, default: &T) {
    if value != default {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
        fields.push(format!("\"{name}\":{json}"));
    }
}

fn count_records(actions: &[Action]) -> u64 {
    let mut records = 0;
    let mut previous_step = false;
    for action in actions {
        let step = *action == Action::Step;
        if !(step && previous_step) {
            records += 1;
        }
        previous_step = step;
    }
    records
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn put_node(out: &mut Vec<u8>, node: NodeId) {
    put_varint(out, u64::from(node.0));
}

fn put_action(out: &mut Vec<u8>, action: &Action) {
    match action {
        Action::Step => {
            out.push(0);
            put_varint(out, 1);
        }
        Action::Deliver { id } | Action::Drop { id } | Action::Duplicate { id } => {
            out.push(match action {
                Action::Deliver { .. } => 1,
                Action::Drop { .. } => 2,
                _ => 3,
            });
            put_varint(out, *id);
        }
        Action::Crash { node } => {
            out.push(4);
            put_node(out, *node);
        }
        Action::Restart { node } => {
            out.push(5);
            put_node(out, *node);
        }
        Action::Propose { node, value } => {
            out.push(6);
            put_node(out, *node);
            put_bytes(out, value.as_bytes());
        }
        Action::Submit { node, request } => {
            out.push(7);
            put_node(out, *node);
            match request {
                Op::Put { key, value } => {
                    out.push(0);
                    put_bytes(out, key.as_bytes());
                    put_bytes(out, value.as_bytes());
                }
                Op::Get { key } => {
                    out.push(1);
                    put_bytes(out, key.as_bytes());
                }
                Op::Delete { key } => {
                    out.push(2);
                    put_bytes(out, key.as_bytes());
                }
                // Refused by the simulator as submitted requests (membership changes are their
                // own actions), so never in a log; encoded for completeness.
                Op::Noop => out.push(3),
                Op::AddServer { node } => {
                    out.push(4);
                    put_node(out, *node);
                }
                Op::RemoveServer { node } => {
                    out.push(5);
                    put_node(out, *node);
                }
            }
        }
        Action::SetLink { from, to, faults } => {
            out.push(8);
            put_node(out, *from);
            put_node(out, *to);
            put_varint(out, u64::from(faults.loss));
            put_varint(out, u64::from(faults.duplicate));
            put_varint(out, faults.min_delay.map_or(0, |d| d + 1));
            put_varint(out, faults.max_delay.map_or(0, |d| d + 1));
            out.push(u8::from(faults.fifo));
            put_varint(out, u64::from(faults.corrupt));
        }
        Action::Partition { groups } => {
            out.push(9);
            put_varint(out, groups.len() as u64);
            for group in groups {
                put_varint(out, group.len() as u64);
                for &node in group {
                    put_node(out, node);
                }
            }
        }
        Action::Cut { from, to } => {
            out.push(10);
            put_node(out, *from);
            put_node(out, *to);
        }
        Action::Heal => out.push(11),
        Action::Misbehave { node } => {
            out.push(12);
            put_node(out, *node);
        }
        Action::AddServer { via } => {
            out.push(13);
            put_node(out, *via);
        }
        Action::RemoveServer { via, node } => {
            out.push(14);
            put_node(out, *via);
            put_node(out, *node);
        }
        Action::Transaction { node } => {
            out.push(15);
            put_node(out, *node);
        }
        Action::Fire { node, timer } => {
            out.push(16);
            put_node(out, *node);
            match timer {
                Timer::Retry => out.push(0),
                Timer::Election => out.push(1),
                Timer::Heartbeat => out.push(2),
                Timer::Suspect(of) => {
                    out.push(3);
                    put_node(out, *of);
                }
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The link's format version.
    version: u32,
}

impl Reader<'_> {
    fn byte(&mut self, what: &str) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| bad(format!("it ends in the middle of {what}")))?;
        self.at += 1;
        Ok(byte)
    }

    fn varint(&mut self, what: &str) -> Result<u64> {
        let mut n: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte(what)?;
            let part = u64::from(byte & 0x7f);
            if shift == 63 && part > 1 {
                break;
            }
            n |= part << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(bad(format!("{what} is too large")))
    }

    fn string(&mut self, what: &str) -> Result<String> {
        let len = self.varint(what)?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| self.at.checked_add(len))
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| bad(format!("it ends in the middle of {what}")))?;
        let text = std::str::from_utf8(&self.bytes[self.at..end])
            .map_err(|_| bad(format!("{what} is not UTF-8")))?;
        self.at = end;
        Ok(text.to_string())
    }

    fn node(&mut self, what: &str) -> Result<NodeId> {
        let n = self.varint(what)?;
        u32::try_from(n)
            .map(NodeId)
            .map_err(|_| bad(format!("{what} is too large")))
    }

    fn small(&mut self, what: &str) -> Result<u16> {
        u16::try_from(self.varint(what)?).map_err(|_| bad(format!("{what} is too large")))
    }

    fn delay(&mut self, what: &str) -> Result<Option<u64>> {
        Ok(self.varint(what)?.checked_sub(1))
    }

    fn action(&mut self, actions: &mut Vec<Action>) -> Result<()> {
        let tag = self.byte("an action")?;
        let action = match tag {
            0 => {
                let run = self.varint("a run of steps")?;
                let run = usize::try_from(run)
                    .ok()
                    .filter(|&r| r >= 1 && actions.len() + r <= MAX_ACTIONS)
                    .ok_or_else(|| bad(format!("a run of {run} steps is not possible")))?;
                actions.extend(std::iter::repeat_n(Action::Step, run));
                return Ok(());
            }
            1 => Action::Deliver {
                id: self.varint("a message id")?,
            },
            2 => Action::Drop {
                id: self.varint("a message id")?,
            },
            3 => Action::Duplicate {
                id: self.varint("a message id")?,
            },
            4 => Action::Crash {
                node: self.node("a node id")?,
            },
            5 => Action::Restart {
                node: self.node("a node id")?,
            },
            6 => Action::Propose {
                node: self.node("a node id")?,
                value: self.string("a value")?,
            },
            7 => {
                let node = self.node("a node id")?;
                let request = match self.byte("a request")? {
                    0 => Op::Put {
                        key: self.string("a key")?,
                        value: self.string("a value")?,
                    },
                    1 => Op::Get {
                        key: self.string("a key")?,
                    },
                    2 => Op::Delete {
                        key: self.string("a key")?,
                    },
                    3 => Op::Noop,
                    4 if self.version >= 3 => Op::AddServer {
                        node: self.node("a node id")?,
                    },
                    5 if self.version >= 3 => Op::RemoveServer {
                        node: self.node("a node id")?,
                    },
                    other => return Err(bad(format!("it has an unknown request kind {other}"))),
                };
                Action::Submit { node, request }
            }
            8 => Action::SetLink {
                from: self.node("a node id")?,
                to: self.node("a node id")?,
                faults: LinkFaults {
                    loss: self.small("a loss")?,
                    duplicate: self.small("a duplication")?,
                    min_delay: self.delay("a delay")?,
                    max_delay: self.delay("a delay")?,
                    fifo: match self.byte("a FIFO flag")? {
                        0 => false,
                        1 => true,
                        other => return Err(bad(format!("a FIFO flag is {other}, not 0 or 1"))),
                    },
                    corrupt: if self.version >= 2 {
                        self.small("a corruption")?
                    } else {
                        0
                    },
                },
            },
            9 => {
                let count = self.varint("a partition")?;
                let mut groups = Vec::new();
                for _ in 0..count {
                    let size = self.varint("a partition group")?;
                    let mut group = Vec::new();
                    for _ in 0..size {
                        group.push(self.node("a node id")?);
                    }
                    groups.push(group);
                }
                Action::Partition { groups }
            }
            10 => Action::Cut {
                from: self.node("a node id")?,
                to: self.node("a node id")?,
            },
            11 => Action::Heal,
            12 if self.version >= 2 => Action::Misbehave {
                node: self.node("a node id")?,
            },
            13 if self.version >= 3 => Action::AddServer {
                via: self.node("a node id")?,
            },
            14 if self.version >= 3 => Action::RemoveServer {
                via: self.node("a node id")?,
                node: self.node("a node id")?,
            },
            15 if self.version >= 3 => Action::Transaction {
                node: self.node("a node id")?,
            },
            16 if self.version >= 4 => Action::Fire {
                node: self.node("a node id")?,
                timer: match self.byte("a timer")? {
                    0 => Timer::Retry,
                    1 => Timer::Election,
                    2 => Timer::Heartbeat,
                    3 => Timer::Suspect(self.node("a node id")?),
                    other => return Err(bad(format!("it has an unknown timer {other}"))),
                },
            },
            other => return Err(bad(format!("it has an unknown action tag {other}"))),
        };
        actions.push(action);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mode;

    fn sample() -> Trace {
        Trace {
            version: crate::sim::TRACE_VERSION,
            config: Config {
                mode: Mode::Multi,
                acceptors: 5,
                ..Config::default()
            },
            seed: 77,
            actions: vec![
                Action::Step,
                Action::Step,
                Action::Submit {
                    node: NodeId(1),
                    request: Op::Put {
                        key: "x".into(),
                        value: "é<img>".into(),
                    },
                },
                Action::Deliver { id: 300 },
                Action::SetLink {
                    from: NodeId(0),
                    to: NodeId(2),
                    faults: LinkFaults {
                        loss: 250,
                        duplicate: 0,
                        min_delay: Some(3),
                        max_delay: Some(30),
                        fifo: true,
                        corrupt: 40,
                    },
                },
                Action::Partition {
                    groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(3)]],
                },
                Action::Cut {
                    from: NodeId(4),
                    to: NodeId(0),
                },
                Action::Heal,
                Action::Misbehave { node: NodeId(1) },
                Action::Fire {
                    node: NodeId(2),
                    timer: Timer::Election,
                },
                Action::Fire {
                    node: NodeId(1),
                    timer: Timer::Suspect(NodeId(3)),
                },
                Action::Step,
                Action::AddServer { via: NodeId(0) },
                Action::RemoveServer {
                    via: NodeId(1),
                    node: NodeId(2),
                },
                Action::Transaction { node: NodeId(0) },
            ],
            cursor: Some(4),
        }
    }

    /// How `config_delta` was written before it lost `serde_json::Value` (page weight): through
    /// maps of values, keys in order. The links of the same runs must not change.
    fn delta_by_values(config: &Config) -> String {
        let full = serde_json::to_value(config).unwrap();
        let defaults = serde_json::to_value(Config::default()).unwrap();
        let (serde_json::Value::Object(full), serde_json::Value::Object(defaults)) =
            (full, defaults)
        else {
            unreachable!("a configuration is an object")
        };
        let delta: serde_json::Map<String, serde_json::Value> = full
            .into_iter()
            .filter(|(k, v)| defaults.get(k) != Some(v))
            .collect();
        serde_json::Value::Object(delta).to_string()
    }

    #[test]
    fn the_configuration_delta_is_written_as_before() {
        use crate::config::{Layout, Mode, Sabotage, VotePolicy};
        let d = Config::default();
        let changes: [fn(&mut Config); 20] = [
            |c| c.acceptors = 5,
            |c| c.alpha = 7,
            |c| c.backoff = 3,
            |c| c.ballot_ceiling = Some(99),
            |c| c.checksums = true,
            |c| c.distinguished = true,
            |c| c.election_timeout = 11,
            |c| c.heartbeat = 4,
            |c| c.jitter = false,
            |c| c.layout = Layout::Shared,
            |c| c.learners = 3,
            |c| c.max_delay = 40,
            |c| c.min_delay = 1,
            |c| c.mode = Mode::TwoPhase,
            |c| c.participants = 6,
            |c| c.proposers = 4,
            |c| c.revision = 1,
            |c| c.sabotage = Some(Sabotage::SmallQuorum),
            |c| c.timeout = 8,
            |c| c.votes = vec![VotePolicy::No, VotePolicy::Random],
        ];
        assert_eq!(config_delta(&d), "{}");
        // Each field alone, and every run of consecutive fields (all of them at the end).
        for start in 0..changes.len() {
            let mut config = d.clone();
            for change in &changes[start..] {
                change(&mut config);
                assert_eq!(config_delta(&config), delta_by_values(&config));
            }
            let mut one = d.clone();
            changes[start](&mut one);
            assert_eq!(config_delta(&one), delta_by_values(&one));
            assert_ne!(config_delta(&one), "{}");
        }
    }

    /// The sample's link as the build before `plain` and `base64ct` wrote it (serde_json maps and
    /// the base64 crate): the same run gives the same link, and that link still opens.
    const SAMPLE_LINK: &str = "v4.HnsiYWNjZXB0b3JzIjo1LCJtb2RlIjoibXVsdGkifU0FDgACBwEAAXgHw6k8aW1nPgGsAggAAvoBAAQfASgJAgIAAQEDCgQACwwBEAIBEAEDAwABDQAOAQIPAA";

    #[test]
    fn the_sample_link_is_written_and_read_as_before() {
        assert_eq!(encode(&sample()), SAMPLE_LINK);
        assert_eq!(decode(SAMPLE_LINK).unwrap(), sample());
    }

    #[test]
    fn round_trips() {
        let trace = sample();
        let link = encode(&trace);
        assert!(link.starts_with("v4."));
        assert_eq!(decode(&link).unwrap(), trace);
        assert_eq!(decode(&format!("#{link}")).unwrap(), trace);
    }

    #[test]
    fn runs_of_steps_cost_a_few_bytes() {
        let trace = Trace {
            actions: vec![Action::Step; 10_000],
            cursor: None,
            ..sample()
        };
        let link = encode(&trace);
        assert!(link.len() < 60, "{} characters", link.len());
        assert_eq!(decode(&link).unwrap(), trace);
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let cases = [
            ("v5.AAAA", "format \"v5\""),
            (
                "hello",
                "does not start with \"v1.\", \"v2.\", \"v3.\" or \"v4.\"",
            ),
            ("v1.***", "not valid base64url"),
            ("v1.", "ends in the middle of the configuration"),
        ];
        for (link, expected) in cases {
            let err = decode(link).unwrap_err().to_string();
            assert!(err.contains(expected), "{link}: {err}");
        }
        let good = encode(&sample());
        let bytes = Base64UrlUnpadded::decode_vec(&good[3..]).unwrap();
        for cut in 0..bytes.len() {
            let truncated = format!("v4.{}", Base64UrlUnpadded::encode_string(&bytes[..cut]));
            assert!(decode(&truncated).is_err(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let err = decode(&format!("v4.{}", Base64UrlUnpadded::encode_string(&longer))).unwrap_err();
        assert!(err.to_string().contains("unexpected bytes"), "{err}");
    }

    #[test]
    fn actions_newer_than_a_link_are_refused_in_it() {
        // A version-2 link cannot hold a version-3 action: tag 13 is unknown there.
        let mut bytes = Vec::new();
        put_bytes(&mut bytes, b"{}");
        put_varint(&mut bytes, 1);
        put_varint(&mut bytes, 0);
        put_varint(&mut bytes, 1);
        bytes.push(13);
        put_varint(&mut bytes, 0);
        let body = Base64UrlUnpadded::encode_string(&bytes);
        let err = decode(&format!("v2.{body}")).unwrap_err();
        assert!(err.to_string().contains("unknown action tag 13"), "{err}");
        assert_eq!(
            decode(&format!("v3.{body}")).unwrap().actions,
            vec![Action::AddServer { via: NodeId(0) }]
        );
        // Nor a version-3 link a version-4 action (tag 16, fire).
        let mut bytes = Vec::new();
        put_bytes(&mut bytes, b"{}");
        put_varint(&mut bytes, 1);
        put_varint(&mut bytes, 0);
        put_varint(&mut bytes, 1);
        bytes.extend([16, 0, 0]);
        let body = Base64UrlUnpadded::encode_string(&bytes);
        let err = decode(&format!("v3.{body}")).unwrap_err();
        assert!(err.to_string().contains("unknown action tag 16"), "{err}");
        assert_eq!(
            decode(&format!("v4.{body}")).unwrap().actions,
            vec![Action::Fire {
                node: NodeId(0),
                timer: Timer::Retry
            }]
        );
    }

    #[test]
    fn a_version_2_link_runs_revision_2() {
        // Links of version 2 left `revision` out when it was the default, 2: they must still
        // replay with it, although the default is now 3.
        let mut trace = sample();
        trace.version = 2;
        trace.actions.truncate(5);
        trace.config.revision = 2;
        let mut link = encode(&trace);
        link.replace_range(..3, "v2.");
        let decoded = decode(&link).unwrap();
        assert_eq!(decoded.version, 2);
        assert_eq!(decoded.replay_config().revision, 2);
    }

    #[test]
    fn a_huge_run_of_steps_is_refused_before_it_is_built() {
        let mut bytes = Vec::new();
        put_bytes(&mut bytes, b"{}");
        put_varint(&mut bytes, 1);
        put_varint(&mut bytes, 0);
        put_varint(&mut bytes, 1);
        bytes.push(0);
        put_varint(&mut bytes, u64::MAX);
        let err = decode(&format!("v1.{}", Base64UrlUnpadded::encode_string(&bytes))).unwrap_err();
        assert!(err.to_string().contains("is not possible"), "{err}");
    }
}
