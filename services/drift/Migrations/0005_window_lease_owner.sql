-- Who holds a window's lease, so a replica that stops can hand back only the windows it still holds.
ALTER TABLE monitor_windows ADD COLUMN lease_owner text;
