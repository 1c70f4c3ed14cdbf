//! The piece of FTS5's C extension API that the ranked search needs and rusqlite does
//! not wrap (the only `unsafe` code of the crate): the word index's tokenizer
//! (`porter unicode61 remove_diacritics 2`), to turn a query term into the tokens the
//! index stores. It goes through the `fts5_api` pointer of the connection
//! (`SELECT fts5(?1)`).

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
