//! A path of the state graph as a simulator [`Trace`], so that a counterexample opens in the
//! page's timeline like any run and replays there, step by step.
//!
//! Each step becomes the simulator action that does the same thing: a delivery, a drop or a
//! duplicate names the message by its id in the simulation (any copy of equal content: copies
//! are interchangeable), a timer fires with [`Action::Fire`], a request is the client action the
//! model imitates. The replay is checked as it goes: the simulator's world must equal the
//! model's after every step, or the conversion fails and says where.

use crate::model::{Model, Planned, Step};
use paxos_core::multi::command::Op;
use paxos_core::roles::Request;
use paxos_core::world::{Choice, Packet};
use paxos_core::{Action, Simulation, Trace};

/// The simulator action for a step, in a simulation that has reached the same world.
fn action(model: &Model, sim: &Simulation, step: &Step) -> Result<Action, String> {
    let id_of = |packet: &Packet| {
        sim.in_flight()
            .find(|e| e.from == packet.from && e.to == packet.to && e.message == packet.message)
            .map(|e| e.id)
            .ok_or_else(|| format!("no message like {packet:?} is in flight in the simulation"))
    };
    Ok(match step {
        Step::World(Choice::Deliver(p)) => Action::Deliver { id: id_of(p)? },
        Step::World(Choice::Drop(p)) => Action::Drop { id: id_of(p)? },
        Step::World(Choice::Duplicate(p)) => Action::Duplicate { id: id_of(p)? },
        &Step::World(Choice::Fire { node, timer }) => Action::Fire { node, timer },
        &Step::World(Choice::Crash(node)) => Action::Crash { node },
        &Step::World(Choice::Restart(node)) => Action::Restart { node },
        Step::World(Choice::Request { node, request }) => match request {
            Request::Propose(value) => Action::Propose {
                node: *node,
                value: value.clone(),
            },
            Request::Misbehave => Action::Misbehave { node: *node },
            other => return Err(format!("the model never makes a bare {other:?} request")),
        },
        Step::Request(i) => match model.requests().get(usize::from(*i)) {
            Some(Planned::Propose { node, value }) => Action::Propose {
                node: *node,
                value: value.clone(),
            },
            Some(Planned::Submit {
                node,
                op: Op::RemoveServer { node: removed },
            }) => Action::RemoveServer {
                via: *node,
                node: *removed,
            },
            Some(Planned::Submit { node, op }) => Action::Submit {
                node: *node,
                request: op.clone(),
            },
            Some(Planned::Transaction { node }) => Action::Transaction { node: *node },
            None => return Err(format!("there is no request {i}")),
        },
    })
}

/// Replays `steps` in a fresh simulation of the model's configuration (seed 1: a path decides
/// every delivery and timer itself, so the seed only sets the delays shown) and returns its
/// trace. Fails, naming the step, if the simulator cannot follow the model.
pub fn trace(model: &Model, steps: &[Step]) -> Result<Trace, String> {
    let mut sim = Simulation::new(model.config().clone(), 1).map_err(|e| e.to_string())?;
    let mut state = model.init().clone();
    if sim.world() != &state.world {
        return Err("the simulation does not start where the model does".into());
    }
    for (i, step) in steps.iter().enumerate() {
        let action = action(model, &sim, step).map_err(|e| format!("step {}: {e}", i + 1))?;
        sim.apply(action.clone())
            .map_err(|e| format!("step {} ({action}): {e}", i + 1))?;
        state = model
            .next(&state, step, i as u64 + 1)
            .ok_or_else(|| format!("step {} is not enabled in the model", i + 1))?
            .state;
        if sim.world() != &state.world {
            return Err(format!(
                "step {} ({action}): the simulation and the model disagree",
                i + 1
            ));
        }
    }
    Ok(sim.trace())
}

/// A step in words, with node names (`deliver promise A1 → P2`).
pub fn describe(step: &Step, model: &Model) -> String {
    let names = model.names();
    let name = |id: paxos_core::NodeId| {
        names
            .get(id.0 as usize)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let packet = |p: &Packet| {
        format!(
            "{} {} → {}",
            format!("{:?}", p.message.kind()).to_lowercase(),
            name(p.from),
            name(p.to)
        )
    };
    match step {
        Step::World(Choice::Deliver(p)) => format!("deliver {}", packet(p)),
        Step::World(Choice::Drop(p)) => format!("drop {}", packet(p)),
        Step::World(Choice::Duplicate(p)) => format!("duplicate {}", packet(p)),
        Step::World(Choice::Fire { node, timer }) => format!(
            "fire {}'s {} timer",
            name(*node),
            paxos_core::sim::action::timer_name(*timer)
        ),
        Step::World(Choice::Crash(node)) => format!("crash {}", name(*node)),
        Step::World(Choice::Restart(node)) => format!("restart {}", name(*node)),
        Step::World(Choice::Request { node, .. }) => format!("request at {}", name(*node)),
        Step::Request(i) => match model.requests().get(usize::from(*i)) {
            Some(Planned::Propose { node, value }) => {
                format!("a client asks {} to propose {value}", name(*node))
            }
            Some(Planned::Submit { node, op }) => {
                let command = paxos_core::Command {
                    id: 0,
                    op: op.clone(),
                };
                let text = command.to_string();
                format!(
                    "a client submits {} to {}",
                    text.trim_start_matches("#0 "),
                    name(*node)
                )
            }
            Some(Planned::Transaction { node }) => {
                format!("a client begins a transaction at {}", name(*node))
            }
            None => format!("request {i}"),
        },
    }
}
