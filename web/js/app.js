// @ts-check
// Placeholder page: loads the wasm simulator and shows a live snapshot. Every user-supplied or
// simulated string reaches the page through textContent, never innerHTML.

/** @returns {Promise<any>} the wasm-bindgen exports, once Trunk has initialised them. */
function bindings() {
  const w = /** @type {any} */ (window);
  if (w.wasmBindings) return Promise.resolve(w.wasmBindings);
  return new Promise((resolve) =>
    addEventListener("TrunkApplicationStarted", () => resolve(w.wasmBindings), { once: true }),
  );
}

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const { Simulation } = await bindings();
let sim = new Simulation({ proposers: 1 }, 1);

function render() {
  const snapshot = sim.snapshot();
  $("snapshot").textContent = JSON.stringify(snapshot, null, 2);
  const chosen = snapshot.chosen.length ? snapshot.chosen[0].value : "nothing yet";
  if ($("chosen").textContent !== chosen) $("chosen").textContent = chosen;
  $("status").textContent = `Step ${snapshot.step}, time ${snapshot.time}, ${snapshot.messages.length} message(s) in flight`;
}

/** Runs an API call; a refused call shows its message and leaves the simulation as it was.
 * @param {() => unknown} call */
function act(call) {
  try {
    call();
    $("error").hidden = true;
  } catch (err) {
    $("error").textContent = err instanceof Error ? err.message : String(err);
    $("error").hidden = false;
  }
  render();
}

$("propose").addEventListener("click", () =>
  act(() => sim.propose(0, /** @type {HTMLInputElement} */ ($("value")).value)),
);
$("step").addEventListener("click", () => act(() => sim.step()));
$("run").addEventListener("click", () =>
  act(() => {
    for (let i = 0; i < 10_000 && sim.step() !== null; i++);
  }),
);
$("reset").addEventListener("click", () => act(() => (sim = new Simulation({ proposers: 1 }, 1))));
for (const id of ["propose", "step", "run", "reset"]) /** @type {HTMLButtonElement} */ ($(id)).disabled = false;
render();
document.body.dataset.ready = "true";
