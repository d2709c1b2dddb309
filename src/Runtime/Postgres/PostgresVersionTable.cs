namespace MigrationChain.Postgres;

/// <summary>
/// The version table's SQL, written once for the live session (values as <c>$n</c> parameters) and for offline
/// scripts (values as literals). Columns and meanings match the SQLite version table.
/// </summary>
internal sealed class PostgresVersionTable
{
    public PostgresVersionTable(string? schema, string table)
    {
        Schema = schema;
        Table = table;
        QuotedSchema = schema is null ? null : PostgresNames.Quote(schema, "version table schema");

        // Without a schema the name stays unqualified, so it resolves through search_path like the migrations' own tables.
        Name = (QuotedSchema is null ? string.Empty : QuotedSchema + ".") + PostgresNames.Quote(table, "version table name");
    }

    /// <summary>The configured schema; null means the first schema on <c>search_path</c>.</summary>
    public string? Schema { get; }

    public string Table { get; }

    public string? QuotedSchema { get; }

    /// <summary>The table as SQL refers to it: quoted, and schema-qualified when a schema is configured.</summary>
    public string Name { get; }

    /// <summary>Every column, found by name (<see cref="Planning.VersionTableColumns"/>): one query reads any shape.</summary>
    public string Select => $"SELECT * FROM {Name}";

    /// <summary>
    /// True when the table holds exactly the rows <see cref="Execution.AtHeadFingerprint"/> stands for: the row count
    /// is <paramref name="rows"/> and the SHA-256 of their text, in byte order of the revisions, is
    /// <paramref name="sha256Hex"/>. Only the answer travels; the server builds the text from the primary key's order.
    /// </summary>
    public string MatchesAtHead(string rows, string sha256Hex) =>
        $"SELECT count(*) = {rows} AND coalesce(pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(" +
        "pg_catalog.string_agg(revision || chr(31) || parents || chr(31) || coalesce(checksum, '') || chr(31) || state, chr(30) ORDER BY revision COLLATE \"C\"), " +
        $"'UTF8')), 'hex') = {sha256Hex}, false) FROM {Name}";

    /// <summary>The no-op probe's statements with the version table's state (<see cref="StateProbe"/>), built once.</summary>
    public (string AtHead, string Condition) ProbeWithState => _probeWithState ??= StateProbe.WithStateSql(this);

    /// <summary>The same without it: for a database whose companion is missing or not readable.</summary>
    public (string AtHead, string Condition) ProbeWithoutState => _probeWithoutState ??= StateProbe.WithoutStateSql(this);

    /// <summary>The version table's state alone (<see cref="PostgresVersionState.StateOf"/>), built once: a warm no-op's one statement.</summary>
    public string StateQuery => _stateQuery ??= PostgresVersionState.StateOf(this);

    private string? _stateQuery;
    private (string, string)? _probeWithState;
    private (string, string)? _probeWithoutState;

    public string CreateSchema => $"CREATE SCHEMA IF NOT EXISTS {QuotedSchema}";

    public string Create => $"""
        CREATE TABLE IF NOT EXISTS {Name} (
            revision    text        NOT NULL PRIMARY KEY,
            parents     text        NOT NULL DEFAULT '',
            state       text        NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'running')),
            applied_at  timestamptz NOT NULL,
            duration_ms bigint      NOT NULL DEFAULT 0,
            checksum    text        NULL,
            recorded_by text        NULL CHECK (recorded_by IN ('upgrade', 'stamp'))
        )
        """;

    /// <summary>Brings a table created by an older runner to the current shape; its existing rows keep NULL (not known).</summary>
    public string AddRecordedBy =>
        $"ALTER TABLE {Name} ADD COLUMN IF NOT EXISTS recorded_by text NULL CHECK (recorded_by IN ('upgrade', 'stamp'))";

    /// <summary>Corrects an applied row's parents and checksum, keeping when and how it was recorded.</summary>
    public string RewriteParameterized => $"UPDATE {Name} SET parents = $2, checksum = $3 WHERE revision = $1 AND state = 'applied'";

    public string DeleteParameterized => Delete("$1");

    public string UpsertParameterized => Upsert("$1", "$2", "$3", "$4", "$5", "$6", "$7");

    /// <summary>
    /// Inserts a row, replaces a <c>running</c> one, or marks an applied one <c>running</c> (a non-transactional
    /// downgrade starting). An <c>applied</c> row is never recorded as applied again: then someone else applied the
    /// revision meanwhile and the statement changes nothing, which the caller reports. Without
    /// <paramref name="recordedBy"/> the <c>recorded_by</c> column is not named, so offline scripts also run against
    /// a table of the older shape.
    /// </summary>
    public string Upsert(string revision, string parents, string state, string appliedAt, string durationMs, string checksum, string? recordedBy = null) => $"""
        INSERT INTO {Name} AS v (revision, parents, state, applied_at, duration_ms, checksum{(recordedBy is null ? string.Empty : ", recorded_by")})
        VALUES ({revision}, {parents}, {state}, {appliedAt}, {durationMs}, {checksum}{(recordedBy is null ? string.Empty : ", " + recordedBy)})
        ON CONFLICT (revision) DO UPDATE
        SET parents = excluded.parents, state = excluded.state, applied_at = excluded.applied_at,
            duration_ms = excluded.duration_ms, checksum = excluded.checksum{(recordedBy is null ? string.Empty : ", recorded_by = excluded.recorded_by")}
        WHERE v.state = 'running' OR excluded.state = 'running'
        """;

    /// <summary>
    /// A row for a revision the runner's state has none for (neither applied nor running), with the duration
    /// <paramref name="durationMs"/> (<c>$5</c>, or an expression of it): a plain INSERT. It fires the state trigger
    /// once where the upsert fires it twice (an INSERT with ON CONFLICT DO UPDATE runs the INSERT and the UPDATE
    /// statement triggers both), and a row that appeared meanwhile fails it (unique_violation, SQLSTATE 23505), which
    /// the session reports as the version table having changed under the runner, as the upsert's no-op is.
    /// </summary>
    public string InsertParameterized(string durationMs = "$5", bool reportServerTime = false) =>
        $"INSERT INTO {Name} (revision, parents, state, applied_at, duration_ms, checksum, recorded_by) VALUES ($1, $2, $3, $4, {durationMs}, $6, $7)" +
        (reportServerTime ? $" RETURNING {ServerTime}" : string.Empty);

    /// <summary>
    /// The column a step's version-row statement returns when asked to report its server time: the milliseconds since
    /// its transaction began (steps sent together each begin their own), which the session adds to the client's time.
    /// </summary>
    public const string ServerTimeColumn = "migrationchain_server_ms";

    private const string ServerTime =
        "(pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) - pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp())) * 1000 AS " + ServerTimeColumn;

    public string Delete(string revision) => $"DELETE FROM {Name} WHERE revision = {revision}";

    /// <summary>
    /// <see cref="UpsertParameterized"/> and <see cref="DeleteParameterized"/> for a batch that commits after them: a
    /// statement that changes no row fails (division by zero, SQLSTATE 22012, which the session reports as the
    /// version table having changed under the runner), so the batch's COMMIT is never reached and nothing commits.
    /// </summary>
    public string UpsertOrFailParameterized => OrFail(UpsertParameterized);

    /// <summary>As <see cref="UpsertOrFailParameterized"/>, with the duration computed by the server (<paramref name="durationMs"/>, an expression of <c>$5</c>).</summary>
    public string UpsertOrFailParameterizedTimed(string durationMs, bool reportServerTime = false) => OrFail(Upsert("$1", "$2", "$3", "$4", durationMs, "$6", "$7"), reportServerTime);

    /// <inheritdoc cref="UpsertOrFailParameterized"/>
    public string DeleteOrFailParameterized => OrFail(DeleteParameterized);

    /// <summary>As <see cref="DeleteOrFailParameterized"/>, also returning <see cref="ServerTimeColumn"/>.</summary>
    public string DeleteOrFailReportingServerTime => OrFail(DeleteParameterized, reportServerTime: true);

    private static string OrFail(string write, bool reportServerTime = false) =>
        $"WITH written AS ({write} RETURNING 1) SELECT 1 / count(*){(reportServerTime ? ", " + ServerTime : string.Empty)} FROM written";
}
