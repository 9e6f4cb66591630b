pub mod cascade_chart;
pub mod link_notice;
pub mod slider;
