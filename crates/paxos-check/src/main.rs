fn main() {
    use paxos_check::*;
    let args: Vec<String> = std::env::args().collect();
    let config: paxos_core::Config = serde_json::from_str(&args[1]).unwrap();
    let bounds: Bounds = serde_json::from_str(&args[2]).unwrap();
    let t = std::time::Instant::now();
    let r = check(config, bounds, Order::BreadthFirst).unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "{:?} {:.2}s {:.0}/s",
        r.counts,
        s,
        r.counts.unique as f64 / s
    );
    for p in &r.properties {
        println!(
            "{} {} {:?}",
            p.name,
            p.verdict,
            p.path.as_ref().map(|x| (x.length, x.detail.clone()))
        );
    }
}
