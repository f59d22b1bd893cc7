-- The side's own clock (Solr form) when its feed was last read to the end. A package stamped more than the overlap
-- window before it was visible then and has been read, so the next run's re-read starts overlap-seconds before the
-- later of this and the watermark: an idle run looks at the newest packages once and reads nothing more.
ALTER TABLE watermark ADD COLUMN read_through VARCHAR(40);
