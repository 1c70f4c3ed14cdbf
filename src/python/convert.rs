//! Conversions between Python values and core types. Results cross column by column.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rusqlite::types::Value;

use crate::store::{Column, Params, Table};

fn value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if obj.is_instance_of::<PyBool>() {
        Ok(Value::Integer(i64::from(obj.extract::<bool>()?)))
    } else if obj.is_instance_of::<PyInt>() {
        Ok(Value::Integer(obj.extract()?))
    } else if obj.is_instance_of::<PyFloat>() {
        Ok(Value::Real(obj.extract()?))
    } else if obj.is_instance_of::<PyString>() {
        Ok(Value::Text(obj.extract()?))
    } else if obj.is_instance_of::<PyBytes>() {
        Ok(Value::Blob(obj.extract()?))
    } else {
        // Dates, paths and the like bind as their string form.
        Ok(Value::Text(obj.str()?.extract()?))
    }
}

/// `None`, a sequence (positional `?` parameters) or a mapping (`:name` parameters).
pub(crate) fn py_params(params: Option<&Bound<'_, PyAny>>) -> PyResult<Params> {
    let Some(p) = params else {
        return Ok(Params::None);
    };
    if p.is_none() {
        return Ok(Params::None);
    }
    if let Ok(d) = p.cast::<PyDict>() {
        let mut named = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            named.push((k.extract::<String>()?, value(&v)?));
        }
        return Ok(Params::Named(named));
    }
    if p.is_instance_of::<PyString>() || p.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err("params must be a sequence or a mapping, not a string"));
    }
    if p.is_instance_of::<PyList>() || p.is_instance_of::<PyTuple>() {
        let mut values = Vec::new();
        for v in p.try_iter()? {
            values.push(value(&v?)?);
        }
        return Ok(Params::Positional(values));
    }
    Err(PyTypeError::new_err("params must be a list, a tuple or a dict"))
}

/// A table as `(names, columns, kinds)`: each column a Python list, each kind one of
/// "int", "float", "text", "blob".
pub(crate) fn table_to_py(py: Python<'_>, table: Table) -> PyResult<Bound<'_, PyAny>> {
    let mut columns = Vec::with_capacity(table.columns.len());
    let mut kinds = Vec::with_capacity(table.columns.len());
    for col in table.columns {
        let (kind, list) = match col {
            Column::Int(v) => ("int", v.into_pyobject(py)?.into_any()),
            Column::Float(v) => ("float", v.into_pyobject(py)?.into_any()),
            Column::Text(v) => ("text", v.into_pyobject(py)?.into_any()),
            Column::Blob(v) => {
                ("blob", PyList::new(py, v.iter().map(|b| b.as_deref().map(|b| PyBytes::new(py, b))))?.into_any())
            }
        };
        kinds.push(kind);
        columns.push(list);
    }
    Ok((table.names, columns, kinds).into_pyobject(py)?.into_any())
}
