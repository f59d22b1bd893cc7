SELECT 1 AS "up" FROM watermark WHERE 1 = 0
