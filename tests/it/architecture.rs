//! The architecture invariants of `docs/architecture.md`, checked from the dependency graph
//! that `cargo metadata --format-version 1` resolves for the whole workspace.
//!
//! "A depends on B" means B is reachable from A through normal or build dependencies (the
//! code that ships); dev-dependencies (test helpers) are not followed.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

/// The resolved graph: package names of workspace members and edges by package id.
struct Graph {
    /// Package id -> package name.
    names: BTreeMap<String, String>,
    /// Package id -> ids of its normal and build dependencies.
    edges: BTreeMap<String, Vec<String>>,
    /// Workspace member name -> package id.
    members: BTreeMap<String, String>,
    /// Workspace member name -> its `publish` field (`[]` means publish = false).
    publish: BTreeMap<String, Value>,
}

impl Graph {
    /// The graph, computed once per test binary (`cargo metadata` takes seconds).
    fn get() -> &'static Graph {
        static GRAPH: OnceLock<Graph> = OnceLock::new();
        GRAPH.get_or_init(Graph::load)
    }

    fn load() -> Graph {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let out = Command::new(env!("CARGO"))
            .args(["metadata", "--format-version", "1", "--all-features"])
            .current_dir(&root)
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");

        let mut names = BTreeMap::new();
        let mut publish = BTreeMap::new();
        let member_ids: BTreeSet<String> = meta["workspace_members"]
            .as_array()
            .expect("workspace_members")
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let mut members = BTreeMap::new();
        for p in meta["packages"].as_array().expect("packages") {
            let id = p["id"].as_str().unwrap().to_owned();
            let name = p["name"].as_str().unwrap().to_owned();
            if member_ids.contains(&id) {
                members.insert(name.clone(), id.clone());
                publish.insert(name.clone(), p["publish"].clone());
            }
            names.insert(id, name);
        }

        let mut edges = BTreeMap::new();
        for node in meta["resolve"]["nodes"].as_array().expect("resolve.nodes") {
            let id = node["id"].as_str().unwrap().to_owned();
            let deps = node["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|k| k["kind"].is_null() || k["kind"] == "build")
                })
                .map(|d| d["pkg"].as_str().unwrap().to_owned())
                .collect();
            edges.insert(id, deps);
        }
        Graph {
            names,
            edges,
            members,
            publish,
        }
    }

    /// Names of every package `member` depends on, directly or not.
    fn closure(&self, member: &str) -> BTreeSet<String> {
        let start = self
            .members
            .get(member)
            .unwrap_or_else(|| panic!("{member} is not a workspace member"));
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([start.clone()]);
        while let Some(id) = queue.pop_front() {
            for dep in self.edges.get(&id).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    queue.push_back(dep.clone());
                }
            }
        }
        seen.iter().map(|id| self.names[id].clone()).collect()
    }

    /// Fails naming every (member, forbidden package) pair found.
    fn forbid(&self, members: &[&str], forbidden: &[&str], why: &str) {
        let mut found = Vec::new();
        for m in members {
            let deps = self.closure(m);
            for f in forbidden {
                if deps.contains(*f) {
                    found.push(format!("{m} -> {f}"));
                }
            }
        }
        assert!(found.is_empty(), "{why}; found: {}", found.join(", "));
    }

    fn member_names(&self) -> Vec<&str> {
        self.members.keys().map(String::as_str).collect()
    }
}

const CQL_CRATES: [&str; 3] = ["ww-cql-syntax", "ww-cql-value", "ww-cql"];
const SQLITE: [&str; 4] = ["rusqlite", "libsqlite3-sys", "refinery", "ww-store"];
const WINDOWING: [&str; 5] = ["tauri", "tauri-build", "tauri-runtime", "wry", "webkit2gtk"];

#[test]
fn only_the_desktop_shell_depends_on_tauri() {
    let g = Graph::get();
    let others: Vec<&str> = g
        .member_names()
        .into_iter()
        .filter(|m| *m != "workwell-app")
        .collect();
    assert!(others.contains(&"workwell"), "the CLI is a member");
    g.forbid(
        &others,
        &WINDOWING,
        "only src-tauri (workwell-app) may depend on tauri or the web view",
    );
    assert!(g.closure("workwell-app").contains("tauri"));
}

#[test]
fn cql_crates_never_touch_sqlite() {
    let g = Graph::get();
    g.forbid(
        &CQL_CRATES,
        &SQLITE,
        "the CQL crates evaluate over data-provider traits and never touch SQLite",
    );
}

#[test]
fn cql_crates_do_not_depend_on_the_domain() {
    let g = Graph::get();
    g.forbid(
        &CQL_CRATES,
        &["ww-core", "ww-casework", "ww-governance", "workwell"],
        "the CQL engine knows nothing of runs, cases or measures' lifecycle",
    );
    g.forbid(
        &["ww-cql-syntax"],
        &["ww-cql", "ww-cql-value"],
        "the parser is below the checker and the values",
    );
}

#[test]
fn fhir_input_has_no_sqlite() {
    let g = Graph::get();
    g.forbid(
        &["ww-fhir"],
        &SQLITE,
        "ww-fhir reads FHIR JSON; storing it is ww-store's job",
    );
}

#[test]
fn the_store_is_below_the_domain() {
    let g = Graph::get();
    g.forbid(
        &["ww-store"],
        &["ww-core", "ww-casework", "ww-governance", "workwell"],
        "ww-store holds tables and seeds; rules live above it",
    );
}

#[test]
fn front_ends_are_leaves() {
    let g = Graph::get();
    let all = g.member_names();
    g.forbid(
        &all,
        &["workwell-app", "workwell"],
        "nothing depends on a front end (the app shell or the CLI)",
    );
}

#[test]
fn exactly_one_sqlite_library() {
    let g = Graph::get();
    let copies: Vec<&String> = g
        .names
        .iter()
        .filter(|(_, name)| name.as_str() == "libsqlite3-sys")
        .map(|(id, _)| id)
        .collect();
    assert!(
        copies.len() <= 1,
        "two libsqlite3-sys versions fail to link (refinery 0.10 accepts rusqlite up to 0.41): {copies:?}"
    );
}

#[test]
fn every_member_is_unpublished() {
    let g = Graph::get();
    let published: Vec<&String> = g
        .publish
        .iter()
        .filter(|(_, p)| p.as_array().is_none_or(|a| !a.is_empty()))
        .map(|(name, _)| name)
        .collect();
    assert!(
        published.is_empty(),
        "internal crates set publish = false: {published:?}"
    );
}
