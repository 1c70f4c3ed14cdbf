//! Conversions between Python values and core types. Results cross as Arrow batches.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::RecordBatchIterator;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyCapsule, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rusqlite::types::Value;

use super::errors::PyResultExt;
use crate::store::{ArrowTable, Params, Table};

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

/// Query results on their way to pyarrow: an object with `__arrow_c_stream__` (the
/// Arrow PyCapsule interface), so `pyarrow.table(obj)`, `polars.from_arrow` and others
/// import the batches without copying and without any Python code per row.
#[pyclass(frozen, name = "ArrowStream", module = "xieshang._core")]
pub(crate) struct PyArrowStream {
    table: ArrowTable,
}

#[pymethods]
impl PyArrowStream {
    /// An `arrow_array_stream` capsule over the batches. `requested_schema` is accepted
    /// and ignored (the interface allows it): the stream has the query's own types.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches = self.table.batches.clone().into_iter().map(Ok);
        let reader = RecordBatchIterator::new(batches, self.table.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(c"arrow_array_stream".to_owned()))
    }

    /// Rows over all batches.
    #[getter]
    fn num_rows(&self) -> usize {
        self.table.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<xieshang._core.ArrowStream: {} rows, {} columns>",
            self.table.num_rows(),
            self.table.schema.fields().len()
        )
    }
}

/// Arrow batches as the Python stream object.
pub(crate) fn arrow_to_py(py: Python<'_>, table: ArrowTable) -> PyResult<Bound<'_, PyAny>> {
    Ok(Bound::new(py, PyArrowStream { table })?.into_any())
}

/// A column table as the Python stream object (see [`PyArrowStream`]).
pub(crate) fn table_to_py(py: Python<'_>, table: Table) -> PyResult<Bound<'_, PyAny>> {
    let arrow = table.to_arrow().py_err()?;
    arrow_to_py(py, arrow)
}
