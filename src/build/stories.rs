//! Dedup: groups near-duplicate articles (syndicated copies) into stories.

use rusqlite::Connection;

use crate::dedup::{self, Signature};
use crate::error::Result;
use crate::store;

/// Groups near-duplicate articles into stories over every stored signature (earliest
/// publication first, so the canonical copy is the earliest) and stores the story id
/// of each article whose story changed.
///
/// Memory is bounded to ~140 bytes per article: the signatures are read twice, first for
/// their 32-bit band keys (to find the articles that share a band with another), then to
/// keep the full signatures of those articles only; the rest are their own story.
pub(super) fn assign_stories(conn: &Connection) -> Result<()> {
    // (pk, pk of the current story or 0), in canonical order.
    let order = store::story_order(conn)?;
    let n = order.len();
    let mut index: Vec<(i64, u32)> = order.iter().enumerate().map(|(i, &(pk, _))| (pk, i as u32)).collect();
    index.sort_unstable();
    let position = |pk: i64| index.binary_search_by_key(&pk, |x| x.0).ok().map(|k| index[k].1 as usize);
    // A signature of another version is treated as empty (similar to nothing).
    let read = |bytes: &[u8]| Signature::from_bytes(bytes).unwrap_or_default();
    let mut keys = vec![None; n];
    store::scan_signatures(conn, &mut |pk, bytes| {
        if let Some(i) = position(pk) {
            keys[i] = dedup::band_keys32(&read(bytes));
        }
    })?;
    let hit = dedup::colliding(&keys);
    drop(keys);
    // Sized up front: growing by doubling would hold the old and the new buffer at once.
    let mut members = Vec::with_capacity(hit.iter().filter(|&&h| h).count());
    store::scan_signatures(conn, &mut |pk, bytes| {
        if let Some(i) = position(pk).filter(|&i| hit[i]) {
            members.push((i as u32, read(bytes)));
        }
    })?;
    drop(hit);
    members.sort_unstable_by_key(|m| m.0);
    let groups = dedup::group_sparse(n, &members, dedup::DEFAULT_THRESHOLD);
    drop(members);
    for (i, a) in groups.iter().enumerate() {
        let story_pk = order.get(a.story).map_or(order[i].0, |o| o.0);
        if order[i].1 != story_pk {
            store::set_story(conn, order[i].0, story_pk, a.similarity)?;
        }
    }
    Ok(())
}
