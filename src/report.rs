//! debrief (being written)
