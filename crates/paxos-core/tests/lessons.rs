//! The lessons: every file validates, every expectation holds when its step is replayed, every
//! "your turn" goal is not met when the task starts and is met by its solution; malformed
//! lessons are refused with a clear reason.

use paxos_core::lesson::{lessons, Expectation, Lesson, LESSON_FILES};

#[test]
fn every_lesson_validates_and_every_expectation_holds() {
    let all = lessons().unwrap();
    assert_eq!(all.len(), LESSON_FILES.len());
    let mut ids: Vec<&str> = all.iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "lesson ids are unique");
    for lesson in &all {
        for (i, step) in lesson.steps.iter().enumerate() {
            let mut run = lesson.replay(i).unwrap();
            let snap = run.current().snapshot();
            for e in &step.expect {
                assert!(
                    e.holds(&snap),
                    "{}, step {}: {e:?} does not hold",
                    lesson.id,
                    i + 1
                );
            }
            if let Some(check) = &step.check {
                // The path comes from the checker (paxos-check's tests run it): here only its
                // goal is not met before the student runs it.
                assert!(
                    !check.goal.iter().all(|g| g.holds(&snap)),
                    "{}, step {}: the check's goal is met before the check runs",
                    lesson.id,
                    i + 1
                );
            }
            if let Some(task) = &step.task {
                assert!(
                    !task.goal.iter().all(|g| g.holds(&snap)),
                    "{}, step {}: the task's goal is met before the student does anything",
                    lesson.id,
                    i + 1
                );
                for action in &task.solution {
                    run.apply(action.clone()).unwrap();
                }
                let solved = run.current().snapshot();
                for g in &task.goal {
                    assert!(
                        g.holds(&solved),
                        "{}, step {}: the solution does not reach {g:?}",
                        lesson.id,
                        i + 1
                    );
                }
            }
        }
        println!(
            "lesson {}: {} steps, {} tasks",
            lesson.id,
            lesson.steps.len(),
            lesson.steps.iter().filter(|s| s.task.is_some()).count()
        );
    }
}

#[test]
fn a_replay_is_the_same_every_time() {
    for lesson in lessons().unwrap() {
        let last = lesson.steps.len() - 1;
        let a = lesson.replay(last).unwrap().current().snapshot();
        let b = lesson.replay(last).unwrap().current().snapshot();
        assert_eq!(a, b, "{}", lesson.id);
    }
}

#[test]
fn malformed_lessons_are_refused_with_the_reason() {
    let good = LESSON_FILES[0].1;
    let edit = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        good.replacen(from, to, 1)
    };
    for (text, why) in [
        ("not json".to_string(), "invalid lesson: expected"),
        (edit("\"version\": 1", "\"version\": 7"), "version 7 is not supported"),
        (edit("\"version\": 1", "\"version\": 1, \"colour\": 3"), "unknown field `colour`"),
        (edit("\"id\": \"three-roles\"", "\"id\": \"Three Roles\""), "lower-case letters"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"<script>x</script>\"},"), "not HTML"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"see [it](https://x.org)\"},"), "only point to Paxos Made Simple"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"highlight\": {\"nodes\": [9]}},"), "there is no node 9"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"expect\": [{\"type\": \"chosen\"}]},"), "missing field `value`"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"expect\": [{\"type\": \"magic\"}]},"), "unknown variant `magic`"),
        (edit("\"acceptors\": 3", "\"acceptors\": 30"), "acceptors must be between"),
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"actions\": [{\"type\": \"deliver\", \"id\": 99}]},"), ""),
    ] {
        match Lesson::from_json(&text) {
            Err(e) => assert!(e.to_string().contains(why), "{why}: {e}"),
            // A well-formed lesson whose action cannot be replayed is refused when replayed.
            Ok(lesson) => {
                let err = lesson.replay(0).unwrap_err().to_string();
                assert!(err.contains("step 1: deliver message #99 failed: there is no message #99"), "{err}");
            }
        }
    }
    // Format version 2: `choices` and `check`, refused in a version-1 file and checked.
    let two = edit("\"version\": 1", "\"version\": 2");
    let v2 = |from: &str, to: &str| {
        assert!(two.contains(from), "{from}");
        two.replacen(from, to, 1)
    };
    let check = r#""check": {"bounds": {"requests": 2}, "goal": [{"type": "twoChosen"}], "found": "Step through it."}"#;
    for (text, why) in [
        (edit("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"choices\": [\"adopt\"]},"), "`choices` needs lesson format version 2"),
        (edit("\"steps\": [", &format!("\"steps\": [{{\"caption\": \"x\", {check}}},")), "`check` needs lesson format version 2"),
        (v2("\"steps\": [", &format!("\"steps\": [{{\"caption\": \"x\", {check}}},")), "only the last step may have a check"),
        (v2("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"choices\": [\"Adopt!\"]},"), "is not a lesson id"),
        (v2("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"choices\": [\"three-roles\"]},"), "cannot offer itself"),
        (v2("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"check\": {\"bounds\": {\"maxDrop\": 1}, \"goal\": [], \"found\": \"y\"}},"), "unknown field `maxDrop`"),
        (v2("\"steps\": [", "\"steps\": [{\"caption\": \"x\", \"check\": {\"goal\": [{\"type\": \"safe\"}]}},"), "missing field `found`"),
        (edit("\"version\": 1", "\"version\": 3"), "version 3 is not supported (this build reads version 2)"),
    ] {
        let err = Lesson::from_json(&text).unwrap_err().to_string();
        assert!(err.contains(why), "{why}: {err}");
    }
    // A check on the last step, with a goal and a caption for the path.
    let last = two
        .trim_end()
        .strip_suffix("]\n}")
        .or_else(|| two.trim_end().strip_suffix("]}"))
        .map(str::to_string);
    if let Some(body) = last {
        let with_check = format!("{body}, {{\"caption\": \"x\", {check}}}]}}");
        let lesson = Lesson::from_json(&with_check).unwrap();
        let found = lesson.steps.last().unwrap().check.as_ref().unwrap();
        assert_eq!(found.bounds.requests, Some(2));
        assert_eq!(
            found.bounds.max_rounds, None,
            "left to the checker's default"
        );
        let no_goal = with_check.replace(r#""goal": [{"type": "twoChosen"}]"#, r#""goal": []"#);
        assert!(Lesson::from_json(&no_goal)
            .unwrap_err()
            .to_string()
            .contains("a check needs a goal"));
        let and_task = with_check.replace(r#"{"caption": "x", "check""#, r#"{"caption": "x", "task": {"prompt": "p", "goal": [{"type": "safe"}], "solution": []}, "check""#);
        assert!(Lesson::from_json(&and_task)
            .unwrap_err()
            .to_string()
            .contains("a task or a check, not both"));
    } else {
        panic!("the first lesson file does not end with its steps");
    }
    // A choice must name a lesson that exists.
    let chooser = Lesson::from_json(&v2(
        "\"steps\": [",
        "\"steps\": [{\"caption\": \"x\", \"choices\": [\"adopt\", \"no-such-lesson\"]},",
    ))
    .unwrap();
    let ids = ["adopt", "three-roles"];
    let err = chooser.check_choices(ids).unwrap_err().to_string();
    assert!(
        err.contains("there is no lesson “no-such-lesson” to choose"),
        "{err}"
    );
    let lesson = Lesson::from_json(good).unwrap();
    assert!(lesson
        .replay(99)
        .unwrap_err()
        .to_string()
        .contains("has steps 1 to"));
    // Expectations read as the format says.
    let e: Expectation =
        serde_json::from_str(r#"{"type": "slotChosen", "slot": 3, "value": "no-op"}"#).unwrap();
    assert_eq!(
        e,
        Expectation::SlotChosen {
            slot: 3,
            value: "no-op".into()
        }
    );
}
