//! The lessons through JavaScript: the list the picker shows, one lesson in full, the run at a
//! lesson's step, and the expectations checked on the current state. A lesson the page reads
//! from a file is checked as strictly as the built-in ones.

use super::{from_js, install_panic_hook, refused, to_js, whole_number, Simulation};
use crate::lesson::{self, Expectation, Lesson};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Simulation {
    /// Every built-in lesson, in the picker's order.
    #[wasm_bindgen(unchecked_return_type = "Lesson[]")]
    pub fn lessons() -> Result<JsValue, JsError> {
        install_panic_hook();
        to_js(&lesson::lessons().map_err(refused)?)
    }

    /// Reads and checks a lesson (its JSON text or object); throws, saying what is wrong.
    #[wasm_bindgen(js_name = parseLesson, unchecked_return_type = "Lesson")]
    pub fn parse_lesson(
        #[wasm_bindgen(unchecked_param_type = "Lesson | string")] lesson: JsValue,
    ) -> Result<JsValue, JsError> {
        install_panic_hook();
        let lesson = read(&lesson)?;
        // Its choices open built-in lessons by id: each must be one.
        let built_in = lesson::lessons().map_err(refused)?;
        lesson
            .check_choices(built_in.iter().map(|l| l.id.as_str()))
            .map_err(refused)?;
        to_js(&lesson)
    }

    /// The run at step `step` (0-based) of a lesson: its actions, and the solutions of the
    /// tasks before it, applied to a fresh cluster.
    #[wasm_bindgen(js_name = fromLesson)]
    pub fn from_lesson(
        #[wasm_bindgen(unchecked_param_type = "Lesson | string")] lesson: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] step: JsValue,
    ) -> Result<Simulation, JsError> {
        install_panic_hook();
        let lesson = read(&lesson)?;
        let step = whole_number(&step, "step", 1_000_000)? as usize;
        let inner = lesson.replay(step).map_err(refused)?;
        Ok(Simulation { inner })
    }

    /// Whether each expectation holds in the current state.
    pub fn expectations(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Expectation[]")] expectations: JsValue,
    ) -> Result<Vec<u8>, JsError> {
        let expectations: Vec<Expectation> = from_js(expectations, "invalid expectations")?;
        let snap = self.inner.current().snapshot();
        Ok(expectations
            .iter()
            .map(|e| u8::from(e.holds(&snap)))
            .collect())
    }
}

/// A lesson from its JSON text or a JS object, checked.
fn read(lesson: &JsValue) -> Result<Lesson, JsError> {
    let text = match lesson.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(lesson)
            .ok()
            .and_then(|json| json.as_string())
            .ok_or_else(|| JsError::new("invalid lesson: not JSON"))?,
    };
    Lesson::from_json(&text).map_err(refused)
}
