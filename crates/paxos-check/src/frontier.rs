//! The frontier: the states found but not explored yet.
//!
//! Depth-first search keeps a stack of states, which stays short (as deep as the graph).
//! Breadth-first search keeps a queue, which at its widest holds a fifth of all the states
//! (a whole level of the graph and part of the next), and that queue is most of the search's
//! memory: a state in memory is a few kilobytes, most of it the persistent maps' nodes that the
//! state does not share with its parent once a step changed them.
//!
//! With [`Bounds::pack`](crate::Bounds::pack) the queue is kept **packed**, much as TLC keeps
//! its queue on disk: each state is serialised
//! as MessagePack ([`rmp_serde`], structs as arrays; a few hundred bytes) into a block, after its
//! length, and each full block is compressed with LZ4 (the [`lz4_flex`] block format). A block holds
//! hundreds of states found one after another, mostly siblings that differ in a few fields, so
//! it compresses several times over. States are unpacked as they are explored, in the order they
//! were packed; unpacking gives an equal state (the tests check this for every state of several
//! graphs). Packing and unpacking cost about as much as exploring the state did, hence the
//! choice: the messages' and commands' serialised forms are the tagged ones the traces use,
//! which MessagePack must buffer to read back. Native only: the serialisation code would more
//! than double the browser's checker (302 KB gzip to 635).

use crate::model::State;
use crate::parts::Known;
use crate::search::Order;
use std::collections::VecDeque;

/// A state waiting to be explored, with its index and its distance from the start.
pub(crate) struct Item {
    pub state: State,
    pub index: u32,
    pub depth: u32,
    /// What is known of its fingerprint's parts, if anything (a packed queue keeps none).
    pub known: Option<Known>,
}

/// Raw bytes packed into a block before it is compressed.
#[cfg(not(target_arch = "wasm32"))]
const BLOCK: usize = 64 * 1024;

/// A frontier in the order it is explored in.
pub(crate) enum Frontier {
    /// Last in, first out (depth-first).
    Stack(Vec<Item>),
    /// First in, first out (breadth-first).
    Queue(VecDeque<Item>),
    /// First in, first out, packed (breadth-first, [`Bounds::pack`](crate::Bounds::pack)).
    #[cfg(not(target_arch = "wasm32"))]
    Packed(Packed),
}

impl Frontier {
    /// An empty frontier for this order: a stack, or a queue, packed or not.
    pub fn new(order: Order, pack: bool) -> Self {
        match order {
            Order::DepthFirst => Frontier::Stack(Vec::new()),
            // (In wasm the bounds refuse `pack`.)
            #[cfg(not(target_arch = "wasm32"))]
            Order::BreadthFirst if pack => Frontier::Packed(Packed::default()),
            Order::BreadthFirst => {
                let _ = pack;
                Frontier::Queue(VecDeque::new())
            }
        }
    }

    /// Adds an item.
    pub fn push(&mut self, item: Item) {
        match self {
            Frontier::Stack(stack) => stack.push(item),
            Frontier::Queue(queue) => queue.push_back(item),
            #[cfg(not(target_arch = "wasm32"))]
            Frontier::Packed(packed) => packed.push(&item),
        }
    }

    /// Takes the next item to explore.
    pub fn pop(&mut self) -> Option<Item> {
        match self {
            Frontier::Stack(stack) => stack.pop(),
            Frontier::Queue(queue) => queue.pop_front(),
            #[cfg(not(target_arch = "wasm32"))]
            Frontier::Packed(packed) => packed.pop(),
        }
    }

    /// How many items wait.
    pub fn len(&self) -> usize {
        match self {
            Frontier::Stack(stack) => stack.len(),
            Frontier::Queue(queue) => queue.len(),
            #[cfg(not(target_arch = "wasm32"))]
            Frontier::Packed(packed) => packed.len,
        }
    }

    /// Whether none waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A first-in, first-out queue of items, packed (see the module docs).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
pub(crate) struct Packed {
    /// Full blocks, LZ4-compressed, oldest first, with how many items each holds.
    sealed: VecDeque<(Vec<u8>, usize)>,
    /// The block being filled, raw, and how many items it holds.
    tail: Vec<u8>,
    tail_items: usize,
    /// The block being read, raw; where its next item starts, and how many items are left in it.
    head: Vec<u8>,
    head_at: usize,
    head_items: usize,
    /// Items in the queue.
    len: usize,
}

#[cfg(not(target_arch = "wasm32"))]
impl Packed {
    fn push(&mut self, item: &Item) {
        // Room for the length, written once the item is.
        let start = self.tail.len();
        self.tail.extend_from_slice(&[0; 4]);
        rmp_serde::encode::write(&mut self.tail, &(item.index, item.depth, &item.state))
            .expect("a state serialises into memory");
        let length = (self.tail.len() - start - 4) as u32;
        self.tail[start..start + 4].copy_from_slice(&length.to_le_bytes());
        self.tail_items += 1;
        self.len += 1;
        if self.tail.len() >= BLOCK {
            let mut block = lz4_flex::block::compress_prepend_size(&self.tail);
            block.shrink_to_fit();
            self.sealed.push_back((block, self.tail_items));
            self.tail.clear();
            self.tail_items = 0;
        }
    }

    fn pop(&mut self) -> Option<Item> {
        if self.head_items == 0 {
            if let Some((block, items)) = self.sealed.pop_front() {
                self.head = lz4_flex::block::decompress_size_prepended(&block)
                    .expect("a block this queue compressed decompresses");
                self.head_items = items;
            } else if self.tail_items > 0 {
                // The oldest items are in the block still being filled: read it as it is.
                std::mem::swap(&mut self.head, &mut self.tail);
                self.tail.clear();
                self.head_items = self.tail_items;
                self.tail_items = 0;
            } else {
                return None;
            }
            self.head_at = 0;
        }
        let at = self.head_at;
        let length = u32::from_le_bytes(self.head[at..at + 4].try_into().unwrap()) as usize;
        let (index, depth, state): (u32, u32, State) =
            rmp_serde::from_slice(&self.head[at + 4..at + 4 + length])
                .expect("a state this queue packed unpacks");
        self.head_at = at + 4 + length;
        self.head_items -= 1;
        self.len -= 1;
        Some(Item {
            state,
            index,
            depth,
            known: None,
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::search::fingerprint;
    use crate::{Bounds, Model};
    use paxos_core::{Config, Mode, Sabotage};

    /// The first 5,000 states of the graph, breadth-first, by plain clones (no packing).
    fn states(config: Config, bounds: Bounds) -> Vec<State> {
        let model = Model::new(config, bounds).unwrap();
        let mut seen = std::collections::HashSet::new();
        let mut all = vec![model.init().clone()];
        seen.insert(fingerprint(model.init()));
        let mut at = 0;
        while at < all.len() && all.len() < 5_000 {
            let state = all[at].clone();
            for step in model.steps(&state) {
                if let Some(next) = model.next(&state, &step, at as u64 + 1) {
                    if seen.insert(fingerprint(&next.state)) {
                        all.push(next.state);
                    }
                }
            }
            at += 1;
        }
        all
    }

    /// Packing and unpacking gives back every state as it was (the same fingerprint and the
    /// same debug form, which shows every field), with its index and depth, in order, across
    /// many blocks; pushes and pops interleave as in a search.
    #[test]
    fn a_packed_queue_gives_back_every_state_in_order() {
        let basic = Bounds {
            max_drops: 1,
            max_duplicates: 1,
            max_crashes: 1,
            ..Bounds::default()
        };
        let crash = Bounds {
            max_crashes: 1,
            ..Bounds::default()
        };
        let multi = Config {
            mode: Mode::Multi,
            ..Config::default()
        };
        let two_phase = Config {
            mode: Mode::TwoPhase,
            ..Config::default()
        };
        let broken = Config {
            sabotage: Some(Sabotage::AcceptorForgetsOnRestart),
            ..Config::default()
        };
        let graphs = [
            (Config::default(), basic),
            (multi, Bounds::default()),
            (two_phase, crash.clone()),
            (broken, crash),
        ];
        for (config, bounds) in graphs {
            let all = states(config, bounds);
            assert!(all.len() > 1_000, "{} states", all.len());
            let check = |item: Item, next: usize| {
                let expected = &all[next];
                assert_eq!(item.index, next as u32);
                assert_eq!(item.depth, (next % 7) as u32);
                assert_eq!(fingerprint(&item.state), fingerprint(expected));
                assert_eq!(format!("{:?}", item.state), format!("{expected:?}"));
            };
            let mut queue = Frontier::new(Order::BreadthFirst, true);
            let mut next = 0;
            for (i, state) in all.iter().enumerate() {
                queue.push(Item {
                    state: state.clone(),
                    index: i as u32,
                    depth: (i % 7) as u32,
                    known: None,
                });
                // Take one out for every two put in, as a search drains its queue.
                if i % 2 == 1 {
                    check(queue.pop().unwrap(), next);
                    next += 1;
                }
            }
            let Frontier::Packed(packed) = &queue else {
                unreachable!()
            };
            assert!(packed.sealed.len() > 1, "{} blocks", packed.sealed.len());
            assert_eq!(queue.len(), all.len() - next);
            while let Some(item) = queue.pop() {
                check(item, next);
                next += 1;
            }
            assert_eq!(next, all.len());
            assert!(queue.is_empty());
        }
    }
}
