//! Small sorted maps and sets, for the simulator's and the checks' state.
//!
//! Every map and set the simulator keeps for Basic Paxos — the messages in flight, the pending
//! timers, the links' faults, a tally's votes, what the checks have seen — holds a handful to a
//! few hundred entries, is read in key order, and is copied whenever a checkpoint or a model
//! checker's successor state is made. A sorted `Vec` suits that: a lookup is a binary search, a
//! copy is one allocation, and iteration is in key order exactly as with `BTreeMap`, so runs,
//! snapshots and traces are unchanged (the digest and golden tests pin them).
//!
//! It also keeps the page's wasm small: `BTreeMap`'s node code is generated again for every
//! key and value type, about 7 KB before compression each, where a sorted `Vec` needs little
//! more than a binary search (page weight: the first-load engine was 36 KB gzip smaller with
//! these than with `BTreeMap` and `imbl`'s maps).
//!
//! The map is ICU4X's [`litemap::LiteMap`]; [`VecSet`] is its set counterpart, a sorted
//! `Vec` without duplicates. (The action log, which grows for as long as a run lasts and is
//! shared by every checkpoint, is a [`crate::sim::ActionLog`].)

/// A map kept as a `Vec` of entries sorted by key.
pub type VecMap<K, V> = litemap::LiteMap<K, V>;

/// A set kept as a sorted `Vec` without duplicates. It serializes as a sequence, in order, as
/// `BTreeSet` does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VecSet<T>(Vec<T>);

impl<T> Default for VecSet<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Ord> VecSet<T> {
    /// An empty set.
    pub const fn new() -> Self {
        Self(Vec::new())
    }
    /// Adds `value`; whether it was not there yet (as `BTreeSet::insert`).
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(i) => {
                self.0.insert(i, value);
                true
            }
        }
    }
    /// Takes `value` out; whether it was there (as `BTreeSet::remove`).
    pub fn remove(&mut self, value: &T) -> bool {
        match self.0.binary_search(value) {
            Ok(i) => {
                self.0.remove(i);
                true
            }
            Err(_) => false,
        }
    }
    /// Whether `value` is in the set.
    pub fn contains(&self, value: &T) -> bool {
        self.0.binary_search(value).is_ok()
    }
}

impl<T> VecSet<T> {
    /// The values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Takes every value out.
    pub fn clear(&mut self) {
        self.0.clear()
    }
}

impl<T: Ord> FromIterator<T> for VecSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v: Vec<T> = iter.into_iter().collect();
        v.sort();
        v.dedup();
        Self(v)
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for x in iter {
            self.insert(x);
        }
    }
}

impl<T> IntoIterator for VecSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a VecSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: serde::Serialize> serde::Serialize for VecSet<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de> + Ord> serde::Deserialize<'de> for VecSet<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(|v| v.into_iter().collect())
    }
}
