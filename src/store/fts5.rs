//! The two pieces of FTS5's C extension API that the fast ranked search needs and
//! rusqlite does not wrap (the only `unsafe` code of the crate):
//!
//! - the auxiliary function `xieshang_freqs(articles_fts, w0, w1, ...)`: for the current
//!   row, the inputs of FTS5's own `bm25()` (the document's size in tokens and, per query
//!   phrase, its column-weighted number of hits), computed exactly as `bm25()` computes
//!   them but without the phrase document counts `bm25()` recomputes on every statement;
//! - the word index's tokenizer (`porter unicode61 remove_diacritics 2`), to turn a query
//!   term into the tokens the index stores.
//!
//! Both go through the `fts5_api` pointer of the connection (`SELECT fts5(?1)`).

use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr;

use rusqlite::{ffi, Connection};

use crate::error::{Error, Result};

/// The `fts5_api` of a connection, or an error if FTS5 is missing.
///
/// # Safety
/// `db` must be an open connection handle.
unsafe fn fts5_api(db: *mut ffi::sqlite3) -> Result<*mut ffi::fts5_api> {
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    let sql = c"SELECT fts5(?1)";
    let rc = ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, ptr::null_mut());
    if rc != ffi::SQLITE_OK {
        let msg = CStr::from_ptr(ffi::sqlite3_errmsg(db)).to_string_lossy().into_owned();
        return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(msg)).into());
    }
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    ffi::sqlite3_bind_pointer(stmt, 1, (&mut api as *mut *mut ffi::fts5_api).cast(), c"fts5_api_ptr".as_ptr(), None);
    ffi::sqlite3_step(stmt);
    ffi::sqlite3_finalize(stmt);
    if api.is_null() {
        return Err(Error::BadArgument("FTS5 did not hand out its API".into()));
    }
    Ok(api)
}

/// Registers `xieshang_freqs` on a connection.
pub(crate) fn register(conn: &Connection) -> Result<()> {
    // SAFETY: the handle is open for the lifetime of `conn`; FTS5 copies the name.
    unsafe {
        let api = fts5_api(conn.handle())?;
        let Some(create) = (*api).xCreateFunction else {
            return Err(Error::BadArgument("FTS5 cannot register functions".into()));
        };
        let rc = create(api, c"xieshang_freqs".as_ptr(), ptr::null_mut(), Some(freqs), None);
        if rc != ffi::SQLITE_OK {
            return Err(Error::BadArgument(format!("registering xieshang_freqs failed ({rc})")));
        }
    }
    Ok(())
}

/// `xieshang_freqs(tbl, w0, w1, ...)`: a blob of little-endian f64, the row's size in
/// tokens (all columns) and then, per phrase of the query, the sum over its hits in this
/// row of the weight of the hit's column (weight 1.0 for columns without an argument),
/// exactly the `D` and `aFreq[]` of FTS5's `bm25()`.
unsafe extern "C" fn freqs(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    nval: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) {
    let api = &*api;
    let (Some(phrase_count), Some(inst_count), Some(inst), Some(column_size)) =
        (api.xPhraseCount, api.xInstCount, api.xInst, api.xColumnSize)
    else {
        ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_ERROR);
        return;
    };
    let n = phrase_count(fts).max(0) as usize;
    let mut out = vec![0.0f64; n + 1];
    let mut ninst: c_int = 0;
    let mut rc = inst_count(fts, &mut ninst);
    for i in 0..ninst {
        if rc != ffi::SQLITE_OK {
            break;
        }
        let (mut ip, mut ic, mut io) = (0, 0, 0);
        rc = inst(fts, i, &mut ip, &mut ic, &mut io);
        if rc == ffi::SQLITE_OK {
            let w = if nval > ic { ffi::sqlite3_value_double(*vals.add(ic as usize)) } else { 1.0 };
            if let Some(f) = out.get_mut(ip as usize + 1) {
                *f += w;
            }
        }
    }
    if rc == ffi::SQLITE_OK {
        let mut ntok: c_int = 0;
        rc = column_size(fts, -1, &mut ntok);
        out[0] = f64::from(ntok);
    }
    if rc != ffi::SQLITE_OK {
        ffi::sqlite3_result_error_code(ctx, rc);
        return;
    }
    let bytes: Vec<u8> = out.iter().flat_map(|v| v.to_le_bytes()).collect();
    ffi::sqlite3_result_blob(ctx, bytes.as_ptr().cast(), bytes.len() as c_int, ffi::SQLITE_TRANSIENT());
}

/// Decodes an `xieshang_freqs` blob: `(D, per-phrase weighted hits)`.
pub(crate) fn decode_freqs(blob: &[u8]) -> Option<(f64, Vec<f64>)> {
    let mut it = blob.chunks_exact(8).map(|c| c.try_into().ok().map(f64::from_le_bytes));
    let d = it.next()??;
    let f = it.collect::<Option<Vec<f64>>>()?;
    Some((d, f))
}

/// Tokens of `text` as the word index stores them (`porter unicode61 remove_diacritics 2`,
/// the tokenizer of `articles_fts` in 0001_init.sql), in order.
pub(crate) fn tokenize(conn: &Connection, text: &str) -> Result<Vec<String>> {
    let failed = |what: &str| Error::BadArgument(format!("the FTS5 tokenizer failed ({what})"));
    let len = c_int::try_from(text.len()).map_err(|_| failed("text too long"))?;
    let mut out: Vec<String> = Vec::new();
    // SAFETY: the tokenizer is created, used and deleted within this call, on the
    // connection's own FTS5; the callback only appends to `out`, passed as its context.
    unsafe {
        let api = fts5_api(conn.handle())?;
        let Some(find) = (*api).xFindTokenizer else {
            return Err(failed("no xFindTokenizer"));
        };
        let mut user: *mut c_void = ptr::null_mut();
        let mut tok: ffi::fts5_tokenizer = std::mem::zeroed();
        if find(api, c"porter".as_ptr(), &mut user, &mut tok) != ffi::SQLITE_OK {
            return Err(failed("no porter tokenizer"));
        }
        let (Some(create), Some(delete), Some(run)) = (tok.xCreate, tok.xDelete, tok.xTokenize) else {
            return Err(failed("incomplete tokenizer"));
        };
        let mut args: [*const c_char; 3] = [c"unicode61".as_ptr(), c"remove_diacritics".as_ptr(), c"2".as_ptr()];
        let mut inst: *mut ffi::Fts5Tokenizer = ptr::null_mut();
        if create(user, args.as_mut_ptr(), 3, &mut inst) != ffi::SQLITE_OK || inst.is_null() {
            return Err(failed("create"));
        }
        let rc = run(
            inst,
            (&mut out as *mut Vec<String>).cast(),
            ffi::FTS5_TOKENIZE_QUERY as c_int,
            text.as_ptr().cast(),
            len,
            Some(push_token),
        );
        delete(inst);
        if rc != ffi::SQLITE_OK {
            return Err(failed("tokenize"));
        }
    }
    Ok(out)
}

unsafe extern "C" fn push_token(
    ctx: *mut c_void,
    tflags: c_int,
    token: *const c_char,
    ntoken: c_int,
    _start: c_int,
    _end: c_int,
) -> c_int {
    // Colocated tokens (synonyms) do not come out of porter/unicode61; skip them anyway.
    if tflags & (ffi::FTS5_TOKEN_COLOCATED as c_int) != 0 || token.is_null() || ntoken < 0 {
        return ffi::SQLITE_OK;
    }
    let out = &mut *ctx.cast::<Vec<String>>();
    let bytes = std::slice::from_raw_parts(token.cast::<u8>(), ntoken as usize);
    out.push(String::from_utf8_lossy(bytes).into_owned());
    ffi::SQLITE_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_stems_folds_and_splits_like_the_index() -> Result<()> {
        let conn = Connection::open_in_memory()?;
        assert_eq!(tokenize(&conn, "Members' studios")?, vec!["member", "studio"]);
        assert_eq!(tokenize(&conn, "people's Café")?, vec!["peopl", "s", "cafe"]);
        assert!(tokenize(&conn, "—")?.is_empty());
        Ok(())
    }
}
