// @ts-check
// The cluster's tooltip (#tip): shown on hover and on keyboard focus, right next to its element
// (above it, or below when there is no room above on the screen), so it never covers the
// element itself. On touch it is shown only while the finger is down: the tap selects, and the
// tip goes when the finger lifts, on a tap elsewhere, and on Escape.

/** How long after a touch a focus is the touch's own, not the keyboard's (ms). */
const TOUCH_FOCUS = 1000;
/** The gap between the tip and its element (CSS px). */
const GAP = 6;

export class ClusterTip {
  /** @param {HTMLElement} el */
  constructor(el) {
    this.el = el;
    /** The element the tip is for, while shown. @type {Element | null} */
    this.for = null;
    /** When the last touch began. */
    this.touched = -Infinity;
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.hide();
    });
    document.addEventListener(
      "pointerdown",
      (event) => {
        if (this.for && !(event.target instanceof Node && this.for.contains(event.target))) this.hide();
      },
      true,
    );
  }

  /**
   * Makes `target` show the lines `lines()` gives, when hovered, focused or touched.
   * @param {Element} target
   * @param {() => string[] | null} lines the tip's lines, read when shown; `null`: nothing to show
   */
  bind(target, lines) {
    const show = () => {
      const text = lines();
      if (text) this.show(target, text);
    };
    target.addEventListener("pointerenter", (event) => {
      if (/** @type {PointerEvent} */ (event).pointerType !== "touch") show();
    });
    target.addEventListener("pointerleave", () => this.hide());
    target.addEventListener("pointerdown", (event) => {
      if (/** @type {PointerEvent} */ (event).pointerType !== "touch") return;
      this.touched = performance.now();
      show();
    });
    for (const end of ["pointerup", "pointercancel"]) {
      target.addEventListener(end, (event) => {
        if (/** @type {PointerEvent} */ (event).pointerType === "touch") this.hide();
      });
    }
    target.addEventListener("focus", () => {
      if (performance.now() - this.touched > TOUCH_FOCUS) show();
    });
    target.addEventListener("blur", () => this.hide());
  }

  /**
   * Shows the tip beside an element: centred over it, above it or else below it, inside the
   * tip's positioned parent. One layout read per show, none per render.
   * @param {Element} target
   * @param {string[]} lines
   */
  show(target, lines) {
    this.el.replaceChildren(...lines.map((line) => Object.assign(document.createElement("div"), { textContent: line })));
    // Shown first: a hidden element has no offset parent and no size.
    this.el.hidden = false;
    const host = /** @type {HTMLElement} */ (this.el.offsetParent ?? document.body);
    const frame = host.getBoundingClientRect();
    const box = target.getBoundingClientRect();
    const [width, height] = [this.el.offsetWidth, this.el.offsetHeight];
    const centre = box.left + box.width / 2 - frame.left - host.clientLeft;
    const left = Math.min(Math.max(centre, width / 2 + 4), host.clientWidth - width / 2 - 4);
    // Above if it fits below the sticky toolbar, else below.
    const ceiling = document.querySelector(".top")?.getBoundingClientRect().bottom ?? 0;
    const above = box.top - GAP - height >= ceiling;
    const top = (above ? box.top - GAP - height : box.bottom + GAP) - frame.top - host.clientTop;
    this.el.style.left = `${left.toFixed(0)}px`;
    this.el.style.top = `${top.toFixed(0)}px`;
    this.el.classList.toggle("below", !above);
    this.for = target;
  }

  /** Hides the tip. */
  hide() {
    this.el.hidden = true;
    this.for = null;
  }
}
