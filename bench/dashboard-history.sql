-- bench/dashboard-history.sql: years of history for bench/dashboard.sh (PostgreSQL only), run by psql after bench/Seeder.
--
-- bench/Seeder writes BENCH_COUNT requests as the app's services write them (open ones, overdue ones, archived ones of the
-- last four months). The dashboard and the monthly report read the step log over months, so this adds history on the
-- server, without a round trip per row: the archived requests are copied 13 times, copy k shifted k months back (every
-- timestamp column of the request and of its steps; half of the archived requests per copy), with their own ids, numbers
-- and submission keys; a quarter of the copies came in at the desk (WalkIn) instead of online. The step performers are
-- spread over the office's staff of the step's role and the applicants, as in the original rows. Then the deviation
-- ledger (StepDeviations) gets what the app's services would have recorded: a time record for every late completed step
-- (the late explanation as its account), a kelengkapan record for every 20th completeness or validity check and an output
-- record for every 40th notification; the Kepala LPSE has reviewed every record older than a month and a fifth of the
-- newer ones (a tenth of all not accepted).
--
-- The columns are read from information_schema, so a later migration that adds a column does not break the copy.
\set ON_ERROR_STOP 1
\timing on

DO $$
DECLARE
    base_max int;
    req_cols text;
    req_sel text;
    step_cols text;
    step_sel text;
    k int;
BEGIN
    SELECT max("Id") INTO base_max FROM "AccessRequests";

    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
           string_agg(CASE
                          WHEN column_name = 'Id' THEN 'r."Id" + $1 * $2'
                          WHEN column_name = 'Number' THEN
                              'split_part(r."Number", ''-'', 1) || ''-'' || to_char(r."SubmittedAt" - make_interval(months => $1), ''YYYY'') || ''-'' || lpad((r."Id" + $1 * $2)::text, 7, ''0'')'
                          WHEN column_name = 'SubmissionKey' THEN 'gen_random_uuid()'
                          WHEN column_name = 'Channel' THEN 'CASE WHEN (r."Id" + $1) % 4 = 0 THEN 2 ELSE r."Channel" END'
                          WHEN data_type LIKE 'timestamp%' THEN format('r.%I - make_interval(months => $1)', column_name)
                          ELSE format('r.%I', column_name)
                      END, ', ' ORDER BY ordinal_position)
    INTO req_cols, req_sel
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'AccessRequests';

    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position),
           string_agg(CASE
                          WHEN column_name = 'AccessRequestId' THEN 's."AccessRequestId" + $1 * $2'
                          WHEN data_type LIKE 'timestamp%' THEN format('s.%I - make_interval(months => $1)', column_name)
                          ELSE format('s.%I', column_name)
                      END, ', ' ORDER BY ordinal_position)
    INTO step_cols, step_sel
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'RequestSteps' AND column_name <> 'Id';

    FOR k IN 1..13 LOOP
        EXECUTE format('INSERT INTO "AccessRequests" (%s) SELECT %s FROM "AccessRequests" r WHERE r."Id" <= $2 AND r."ClosedAt" IS NOT NULL AND r."Id" %% 2 = $1 %% 2',
                       req_cols, req_sel) USING k, base_max;
        EXECUTE format('INSERT INTO "RequestSteps" (%s) SELECT %s FROM "RequestSteps" s JOIN "AccessRequests" r ON r."Id" = s."AccessRequestId" ' ||
                       'WHERE r."Id" <= $2 AND r."ClosedAt" IS NOT NULL AND r."Id" %% 2 = $1 %% 2', step_cols, step_sel) USING k, base_max;
        RAISE NOTICE 'history: copy % (% months back) done', k, k;
    END LOOP;
    PERFORM setval(pg_get_serial_sequence('"AccessRequests"', 'Id'), (SELECT max("Id") FROM "AccessRequests"));
END $$;

-- The deviation ledger.
WITH head AS (
    SELECT u."Id", u."FullName" FROM "AspNetUsers" u WHERE u."Email" = 'kepala.lpse@contoh.go.id'
), candidates AS (
    SELECT s."Id" AS step_id, s."AccessRequestId", r."OfficeId", r."Kind" AS sop, s."StepNumber", s."ActorRole", s."PerformerUserId",
           coalesce(s."PerformerName", '-') AS performer_name, s."CompletedAt", s."LateExplanation",
           -- Reviewed: a fifth of the records, and every record older than a month (the heads review within the month).
           (s."Id" / 7 % 10 IN (0, 5, 3) OR s."CompletedAt" < now() - interval '30 days') AS reviewed,
           CASE
               WHEN s."IsLate" THEN 1
               WHEN s."Kind" IN (3, 6) AND s."Id" % 20 = 0 THEN 2
               WHEN s."Kind" = 10 AND s."Id" % 40 = 0 THEN 3
           END AS kind
    FROM "RequestSteps" s JOIN "AccessRequests" r ON r."Id" = s."AccessRequestId"
    WHERE s."CompletedAt" IS NOT NULL
)
INSERT INTO "StepDeviations" ("OfficeId", "AccessRequestId", "RequestStepId", "SopKind", "StepNumber", "Kind", "ActorRole", "PerformerUserId",
                              "PerformerName", "OccurredAt", "Fact", "Explanation", "ExplainedAt", "Review", "ReviewerUserId", "ReviewerName",
                              "ReviewedAt", "ReviewNote", "Version")
SELECT c."OfficeId", c."AccessRequestId", c.step_id, c.sop, c."StepNumber", c.kind, c."ActorRole", c."PerformerUserId", c.performer_name,
       c."CompletedAt",
       CASE c.kind WHEN 1 THEN 'Selesai melewati standar waktu (data benchmark)'
                   WHEN 2 THEN 'Butir kelengkapan tidak dicentang; alasan tertulis (data benchmark)'
                   ELSE 'Surel hasil tidak terkirim (data benchmark)' END,
       CASE WHEN c.kind = 1 THEN c."LateExplanation" WHEN c.step_id % 3 = 0 THEN 'Penjelasan pelaksana (data benchmark).' END,
       CASE WHEN c.kind = 1 OR c.step_id % 3 = 0 THEN c."CompletedAt" + interval '1 hour' END,
       CASE WHEN c.step_id / 7 % 10 = 3 THEN 2 WHEN c.reviewed THEN 1 ELSE 0 END,
       CASE WHEN c.reviewed THEN h."Id" END,
       CASE WHEN c.reviewed THEN h."FullName" END,
       CASE WHEN c.reviewed THEN c."CompletedAt" + interval '2 days' END,
       CASE WHEN c.step_id / 7 % 10 = 3 THEN 'Penjelasan belum memadai (data benchmark).' END,
       1
FROM candidates c CROSS JOIN head h
WHERE c.kind IS NOT NULL
ON CONFLICT DO NOTHING;

-- As autovacuum would after such a load: statistics, and the visibility map that lets index-only scans skip the table.
VACUUM ANALYZE;

SELECT count(*) AS request_steps FROM "RequestSteps";
SELECT count(*) AS access_requests, min("SubmittedAt") AS oldest, max("SubmittedAt") AS newest FROM "AccessRequests";
SELECT "Kind", "Review", count(*) FROM "StepDeviations" GROUP BY 1, 2 ORDER BY 1, 2;
