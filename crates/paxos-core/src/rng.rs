//! The simulator's seeded random number generator.
//!
//! ChaCha8 seeded as `rand_core`'s `seed_from_u64` seeds it: both are specified algorithms, so
//! the stream is the same on every platform (native and wasm32) and does not move with crate
//! versions. Ranges are drawn with our own multiply-shift reduction rather than a library's
//! distribution code, whose algorithm may change between versions. A golden test pins the first
//! draws, so any change to the stream is noticed.
//!
//! The generator is written out here, one ChaCha block at a time, rather than taken from
//! `rand_chacha`, whose four-blocks-at-once code was about 2 KB (gzip) of the page's first-load
//! wasm. It is the same stream, word for word: the tests compare it with `rand_chacha`'s
//! `ChaCha8Rng::seed_from_u64(seed).next_u64()` over many seeds and blocks.

/// A deterministic generator for network delays and timer jitter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimRng {
    /// The ChaCha key: the 32-byte seed as little-endian words.
    key: [u32; 8],
    /// The number of the next block to generate (ChaCha's 64-bit block counter; the stream,
    /// ChaCha's 64-bit nonce, is 0).
    counter: u64,
    /// The current block's output words.
    block: [u32; 16],
    /// How many of `block`'s words have been drawn.
    used: usize,
}

/// ChaCha's constant words, "expand 32-byte k".
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];

/// ChaCha8: four double rounds.
const DOUBLE_ROUNDS: usize = 4;

impl SimRng {
    /// A generator for `seed`: the key is filled by PCG32 from `seed`, as `rand_core`'s
    /// `SeedableRng::seed_from_u64` fills it.
    pub fn new(seed: u64) -> Self {
        const MUL: u64 = 6_364_136_223_846_793_005;
        const INC: u64 = 11_634_580_027_462_260_723;
        let mut state = seed;
        let mut key = [0; 8];
        for word in &mut key {
            state = state.wrapping_mul(MUL).wrapping_add(INC);
            let xorshifted = (((state >> 18) ^ state) >> 27) as u32;
            *word = xorshifted.rotate_right((state >> 59) as u32);
        }
        Self {
            key,
            counter: 0,
            block: [0; 16],
            used: 16,
        }
    }

    /// The next 64 bits of the stream: two output words, the first one low.
    fn next_u64(&mut self) -> u64 {
        if self.used == self.block.len() {
            self.refill();
        }
        let (low, high) = (self.block[self.used], self.block[self.used + 1]);
        self.used += 2;
        (u64::from(high) << 32) | u64::from(low)
    }

    /// Computes the next ChaCha8 block.
    fn refill(&mut self) {
        let mut input = [0; 16];
        input[..4].copy_from_slice(&SIGMA);
        input[4..12].copy_from_slice(&self.key);
        input[12] = self.counter as u32;
        input[13] = (self.counter >> 32) as u32;
        let mut x = input;
        for _ in 0..DOUBLE_ROUNDS {
            for [a, b, c, d] in [
                // Columns, then diagonals.
                [0, 4, 8, 12],
                [1, 5, 9, 13],
                [2, 6, 10, 14],
                [3, 7, 11, 15],
                [0, 5, 10, 15],
                [1, 6, 11, 12],
                [2, 7, 8, 13],
                [3, 4, 9, 14],
            ] {
                x[a] = x[a].wrapping_add(x[b]);
                x[d] = (x[d] ^ x[a]).rotate_left(16);
                x[c] = x[c].wrapping_add(x[d]);
                x[b] = (x[b] ^ x[c]).rotate_left(12);
                x[a] = x[a].wrapping_add(x[b]);
                x[d] = (x[d] ^ x[a]).rotate_left(8);
                x[c] = x[c].wrapping_add(x[d]);
                x[b] = (x[b] ^ x[c]).rotate_left(7);
            }
        }
        for (out, (mixed, original)) in self.block.iter_mut().zip(x.iter().zip(input)) {
            *out = mixed.wrapping_add(original);
        }
        self.counter = self.counter.wrapping_add(1);
        self.used = 0;
    }

    /// A number in `lo..=hi` (`hi >= lo`). Multiply-shift (Lemire) reduction of a 64-bit draw;
    /// its bias, below `(hi - lo + 1) / 2^64`, is negligible for ranges of ticks.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        let span = u128::from(hi.saturating_sub(lo)) + 1;
        let draw = u128::from(self.next_u64());
        // `draw * span >> 64` is below `span`, which is at most 2^64, so it fits in u64.
        lo.saturating_add(((draw * span) >> 64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_is_pinned() {
        // Golden values: if this fails, every saved trace and permalink would replay differently.
        let mut rng = SimRng::new(42);
        let draws: Vec<u64> = (0..8).map(|_| rng.between(1, 1000)).collect();
        assert_eq!(draws, GOLDEN);
    }

    const GOLDEN: [u64; 8] = [682, 951, 428, 628, 289, 150, 309, 804];

    // rand_chacha is a native dev-dependency only.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_stream_is_rand_chachas_chacha8() {
        use rand_chacha::ChaCha8Rng;
        use rand_core::{RngCore, SeedableRng};
        let seeds = (0..300).chain([u64::from(u32::MAX), u64::MAX, 0x0123_4567_89ab_cdef]);
        for seed in seeds {
            let mut ours = SimRng::new(seed);
            let mut theirs = ChaCha8Rng::seed_from_u64(seed);
            // Across many blocks, and across rand_chacha's own four-block buffers.
            for draw in 0..200 {
                assert_eq!(
                    ours.next_u64(),
                    theirs.next_u64(),
                    "seed {seed}, draw {draw}"
                );
            }
        }
        let mut ours = SimRng::new(9);
        let mut theirs = ChaCha8Rng::seed_from_u64(9);
        for draw in 0..1_000_000 {
            assert_eq!(ours.next_u64(), theirs.next_u64(), "draw {draw}");
        }
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = SimRng::new(7);
        for _ in 0..10_000 {
            let x = rng.between(3, 5);
            assert!((3..=5).contains(&x));
        }
        assert_eq!(rng.between(9, 9), 9);
    }
}
