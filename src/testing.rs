//! Helpers shared by the unit tests.

/// A deterministic pseudo-random source (xorshift64, no dependency): a
/// number below its bound at each call.
pub fn generator(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % bound as u64).unwrap_or_default()
    }
}
