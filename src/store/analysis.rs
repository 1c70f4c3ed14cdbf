//! Analysis reads: events, topics, timelines, networks and facets, each a column
//! [`Table`] ready for a DataFrame. The Python `Corpus` has the same methods.

use rusqlite::types::Value;

use super::query::{Column, Params, Table};
use super::schema::sql_file;
use super::Corpus;
use crate::error::{Error, Result};
use crate::extract::Gazetteer;

/// The columns [`Corpus::facets`] accepts.
pub const FACETS: &[&str] = &["source", "year", "province", "platform", "event_type", "topic", "person", "place"];

/// The groupings [`Corpus::timeline`] accepts (besides none).
pub const TIMELINE_GROUPS: &[&str] = &["province", "platform", "event_type", "topic"];

/// The edge tables [`Corpus::network`] builds.
pub const NETWORKS: &[&str] = &["person-event", "person-person"];

/// Replaces province adcodes in column `name` by the provinces' pinyin names
/// (`330000` → `Zhejiang`); codes unknown to the gazetteer stay as they are.
fn name_provinces(table: &mut Table, name: &str) {
    let gaz = Gazetteer::embedded();
    let Some(i) = table.names.iter().position(|n| n == name) else { return };
    if let Some(Column::Text(values)) = table.columns.get_mut(i) {
        for v in values.iter_mut().flatten() {
            if let Some(d) = gaz.get(v) {
                *v = d.name.clone();
            }
        }
    }
}

impl Corpus {
    /// One row per event: `event_id`, `article_id`, `type` (glossary key), `text` as
    /// printed, `date_from`/`date_to`/`precision`, primary place (`place_adcode`,
    /// `place`, `province_adcode`), `organizer`, counts of `places` and `participants`,
    /// the article's `published` date, and the span of the phrase.
    pub fn events(&self) -> Result<Table> {
        self.sql(sql_file!("queries/events.sql"), &Params::None)
    }

    /// One row per place of an event (a research tour may cross several cities).
    pub fn event_places(&self) -> Result<Table> {
        self.sql(sql_file!("queries/event_places.sql"), &Params::None)
    }

    /// One row per person per role in an event: `presided`, `spoke`, `attended`, `led`.
    pub fn event_participants(&self) -> Result<Table> {
        self.sql(sql_file!("queries/event_participants.sql"), &Params::None)
    }

    /// One row per topic per article: `topic`, `evidence` (occurrences), `terms`
    /// (distinct evidence terms, comma-separated) and the span of the first one.
    pub fn topics(&self) -> Result<Table> {
        self.sql(sql_file!("queries/topics.sql"), &Params::None)
    }

    /// Articles per period of publication: `by` is `year`, `month` or `day`; `group` is
    /// `None` or one of [`TIMELINE_GROUPS`]. Rows: `period` (`2021`, `2021-10` or
    /// `2021-10-09`), `group` (null without grouping; province names for `province`),
    /// `articles`. Articles whose date is not known to the requested precision are left
    /// out; grouped by platform, event type or topic an article counts once per group.
    pub fn timeline(&self, by: &str, group: Option<&str>) -> Result<Table> {
        let (len, rank) = match by {
            "year" => (4, 1),
            "month" => (7, 2),
            "day" => (10, 3),
            other => return Err(Error::BadArgument(format!("unknown period {other:?} (year, month or day)"))),
        };
        let sql = match group {
            None => sql_file!("queries/timeline.sql"),
            Some("province") => sql_file!("queries/timeline_province.sql"),
            Some("platform") => sql_file!("queries/timeline_platform.sql"),
            Some("event_type") => sql_file!("queries/timeline_event_type.sql"),
            Some("topic") => sql_file!("queries/timeline_topic.sql"),
            Some(other) => {
                return Err(Error::BadArgument(format!(
                    "unknown timeline group {other:?} (one of {})",
                    TIMELINE_GROUPS.join(", ")
                )))
            }
        };
        let params =
            Params::Named(vec![(":len".into(), Value::Integer(len)), (":min_rank".into(), Value::Integer(rank))]);
        let mut table = self.sql(sql, &params)?;
        if group == Some("province") {
            name_provinces(&mut table, "group");
        }
        Ok(table)
    }

    /// An edge table for `networkx.from_pandas_edgelist(df, "source", "target", edge_attr=True)`.
    ///
    /// * `person-event`: person → `event N`, `weight` = number of roles, `role`
    ///   (comma-separated), `person_id`, `event_id`, `event_type`, `date_from`, `article_id`.
    /// * `person-person`: pairs of people named in the same article, `weight` = articles
    ///   naming both, `shared_events` = events both took part in, `source_id`/`target_id`.
    pub fn network(&self, kind: &str) -> Result<Table> {
        let sql = match kind {
            "person-event" => sql_file!("queries/network_person_event.sql"),
            "person-person" => sql_file!("queries/network_person_person.sql"),
            other => {
                return Err(Error::BadArgument(format!("unknown network {other:?} (one of {})", NETWORKS.join(", "))))
            }
        };
        self.sql(sql, &Params::None)
    }

    /// Value counts of one column, most frequent first: `value`, `key` (the code that
    /// identifies it: adcode, person id, or the value itself), `articles`. `column` is
    /// one of [`FACETS`].
    pub fn facets(&self, column: &str) -> Result<Table> {
        let sql = match column {
            "source" => sql_file!("queries/facet_source.sql"),
            "year" => sql_file!("queries/facet_year.sql"),
            "province" => sql_file!("queries/facet_province.sql"),
            "platform" => sql_file!("queries/facet_platform.sql"),
            "event_type" => sql_file!("queries/facet_event_type.sql"),
            "topic" => sql_file!("queries/facet_topic.sql"),
            "person" => sql_file!("queries/facet_person.sql"),
            "place" => sql_file!("queries/facet_place.sql"),
            other => {
                return Err(Error::BadArgument(format!(
                    "unknown facet column {other:?} (one of {})",
                    FACETS.join(", ")
                )))
            }
        };
        let mut table = self.sql(sql, &Params::None)?;
        if column == "province" {
            name_provinces(&mut table, "value");
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_arguments_are_bad_arguments() -> Result<()> {
        let c = Corpus::sample()?;
        assert!(matches!(c.facets("colour"), Err(Error::BadArgument(_))));
        assert!(matches!(c.timeline("week", None), Err(Error::BadArgument(_))));
        assert!(matches!(c.timeline("month", Some("colour")), Err(Error::BadArgument(_))));
        assert!(matches!(c.network("person-place"), Err(Error::BadArgument(_))));
        Ok(())
    }

    #[test]
    fn every_facet_and_grouping_runs() -> Result<()> {
        let c = Corpus::sample()?;
        for f in FACETS {
            let t = c.facets(f)?;
            assert_eq!(t.names, ["value", "key", "articles"], "{f}");
        }
        for g in TIMELINE_GROUPS {
            let t = c.timeline("year", Some(g))?;
            assert_eq!(t.names, ["period", "group", "articles"], "{g}");
        }
        for n in NETWORKS {
            let t = c.network(n)?;
            assert_eq!(&t.names[..3], ["source", "target", "weight"], "{n}");
        }
        Ok(())
    }
}
