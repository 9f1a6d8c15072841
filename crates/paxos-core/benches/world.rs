//! Benchmark: cloning and hashing a protocol [`World`] (what a model checker does for every
//! state it visits). A 5-proposer, 9-acceptor, 3-learner Basic Paxos cluster, every proposer
//! proposing on a slow network (delays 30 to 60 ticks, retries after 40), stepped until at least
//! 100 distinct messages are in flight. Prints numbers; asserts
//! nothing about time. Run with `cargo bench -p paxos-core --bench world`.

use paxos_core::{Action, Config, Simulation, World};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::hint::black_box;
use std::time::Instant;

fn in_flight(world: &World) -> u32 {
    world.in_flight().map(|(_, copies)| copies).sum()
}

fn main() {
    let config = Config {
        proposers: 5,
        acceptors: 9,
        learners: 3,
        min_delay: 30,
        max_delay: 60,
        timeout: 40,
        ..Config::default()
    };
    let mut sim = Simulation::new(config, 7).expect("config");
    for node in sim.proposers() {
        let value = format!("value-{}", node.0);
        sim.apply(Action::Propose { node, value }).expect("propose");
    }
    while sim.world().in_flight().count() < 100 {
        sim.step().expect("step");
    }
    let world = sim.world().clone();
    let messages = in_flight(&world);
    let distinct = world.in_flight().count();

    let rounds = 200_000;
    let start = Instant::now();
    for _ in 0..rounds {
        black_box(black_box(&world).clone());
    }
    let clone_ns = start.elapsed().as_nanos() as f64 / f64::from(rounds);

    let start = Instant::now();
    let mut last = 0;
    for _ in 0..rounds / 10 {
        let mut h = DefaultHasher::new();
        black_box(&world).hash(&mut h);
        last = h.finish();
    }
    let hash_ns = start.elapsed().as_nanos() as f64 / f64::from(rounds / 10);

    // What a checker does per successor: clone, apply one choice, hash.
    let choices = world.enabled(&[]);
    let start = Instant::now();
    let mut applied = 0u32;
    for choice in choices.iter().cycle().take(20_000) {
        let mut next = world.clone();
        next.apply(choice).expect("an enabled choice applies");
        let mut h = DefaultHasher::new();
        next.hash(&mut h);
        black_box(h.finish());
        applied += 1;
    }
    let successor_us = start.elapsed().as_secs_f64() * 1e6 / f64::from(applied);

    println!(
        "world benchmark: 5 proposers, 9 acceptors, 3 learners, step {}; {messages} messages in flight ({distinct} distinct), {} choices enabled",
        sim.log().len(),
        choices.len(),
    );
    println!(
        "clone: {clone_ns:.0} ns; hash (SipHash, whole world): {hash_ns:.0} ns (hash {last:#x}); clone + apply one choice + hash: {successor_us:.2} µs"
    );
}
