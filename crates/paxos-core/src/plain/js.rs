//! [`Plain`] for JavaScript values: what the page passes the engine (an object from a form, an
//! array of groups), and a permalink's configuration once `JSON.parse` has read it.

use super::{Number, Plain};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// 2^64, the first number a `u64` cannot hold.
const TWO_TO_THE_64: f64 = 18_446_744_073_709_551_616.0;

impl Plain for JsValue {
    fn number(&self) -> Option<Number> {
        let n = self.as_f64()?;
        Some(if (0.0..TWO_TO_THE_64).contains(&n) && n.fract() == 0.0 {
            Number::Whole(n as u64)
        } else {
            Number::Other
        })
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn is_null(&self) -> bool {
        JsValue::is_null(self) || self.is_undefined()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }

    fn fields(&self) -> Option<Vec<(String, Self)>> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        let fields = Object::keys(self.unchecked_ref::<Object>())
            .iter()
            .filter_map(|key| {
                let value = Reflect::get(self, &key).ok()?;
                // An `undefined` field is absent, as JSON.stringify would leave it out.
                (!value.is_undefined()).then(|| (key.as_string().unwrap_or_default(), value))
            })
            .collect();
        Some(fields)
    }

    fn describe(&self) -> String {
        if Array::is_array(self) {
            return "an array".into();
        }
        if self.is_object() {
            return "an object".into();
        }
        JSON::stringify(self)
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_else(|| self.js_typeof().as_string().unwrap_or_default())
    }
}
