"""What BI tools read: the published marts file (publish.py) and the Evidence dashboards (evidence/)."""
