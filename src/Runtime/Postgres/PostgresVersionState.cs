namespace MigrationChain.Postgres;

/// <summary>
/// A state PostgreSQL keeps for the version table, so a runner that once found the table exactly at head can ask
/// "has anything changed since?" instead of having the server hash every row again. Lives next to the version table:
/// <list type="bullet">
/// <item><c>migrationchain_state</c>, one row per version table of the schema: a <c>generation</c> counter and a
/// random <c>token</c> both rewritten by every statement that changes the version table;</item>
/// <item>the statement-level trigger <c>migrationchain_state</c> on the version table (INSERT, UPDATE, DELETE,
/// TRUNCATE; <c>ENABLE ALWAYS</c>, so it fires under <c>session_replication_role = replica</c> too), which calls
/// <c>migrationchain_state_bump()</c>. The bump is part of the writer's transaction: it commits with the version row
/// or rolls back with it, and its row lock orders concurrent writers.</item>
/// </list>
/// The state a no-op compares (<see cref="StateOf"/>) is the token, the version table's oid (recorded in the
/// companion row when the trigger was set up, and required to be the table the name resolves to now) and the
/// trigger's catalog row version: dropping and recreating or renaming the table, or dropping, disabling and
/// re-enabling the trigger, all change it, and without an enabled trigger there is no state at all (the table is
/// compared in full every time, as before). The token is random per change, so a counter that starts
/// again (a recreated companion, a restored backup) can never repeat a remembered state.
/// </summary>
internal static class PostgresVersionState
{
    /// <summary>The companion table, the trigger on the version table, and the trigger's function share this name.</summary>
    public const string Name = "migrationchain_state";

    public const string BumpFunction = Name + "_bump";

    // Random per change; the clock and the backend make two sessions with the same setseed() differ all the same.
    private const string NewToken =
        "pg_catalog.md5(pg_catalog.random()::text || pg_catalog.clock_timestamp()::text || pg_catalog.pg_backend_pid()::text)";

    /// <summary>
    /// The trigger function's body, for <c>pg_catalog.format</c> with the schema it lives in (1: as a literal, 2: as an
    /// identifier, 3: the companion's qualified name as a literal). It runs as its owner (whoever may edit the version
    /// table may move its state) with a fixed search_path, and does nothing when the companion is gone, so dropping it
    /// never breaks writes. The companion
    /// is named in the text, so the server plans the UPDATE once per session instead of on every write (dynamic SQL
    /// cost ~0.05 ms per call); a table since moved to another schema, or a schema since renamed, takes the
    /// dynamic path, which finds the companion beside the table as before.
    /// </summary>
    private const string BumpTemplate = $"""
        BEGIN
            IF TG_TABLE_SCHEMA = %1$s THEN
                IF pg_catalog.to_regclass(%3$s) IS NOT NULL THEN
                    UPDATE %2$s.{Name} SET generation = generation + 1, token = {NewToken} WHERE version_table = TG_TABLE_NAME::text;
                END IF;
            ELSIF pg_catalog.to_regclass(pg_catalog.format('%%I.{Name}', TG_TABLE_SCHEMA)) IS NOT NULL THEN
                EXECUTE pg_catalog.format('UPDATE %%I.{Name} SET generation = generation + 1, token = {NewToken} WHERE version_table = $1', TG_TABLE_SCHEMA)
                USING TG_TABLE_NAME::text;
            END IF;
            RETURN NULL;
        END
        """;

    /// <summary>
    /// Creates what is missing of the companion, its row, the function and the enabled trigger, for the version table
    /// <paramref name="versionTable"/> (as SQL names it: the server resolves it as the migrations would), and brings
    /// a function of another body (an older runner's) to this one's. Only reads when everything is there and current;
    /// one statement, all or nothing. Without the privileges it warns (SQLSTATE 01000, a
    /// WARNING) and changes nothing: the runner then compares the table in full on every no-op, as before. The live
    /// runner and offline scripts send this same statement.
    /// </summary>
    public static string Arm(PostgresVersionTable versionTable)
    {
        var body = ArmBody(versionTable);

        // A configured name may itself hold the dollar-quote tag: pick one it does not.
        var tag = "$migrationchain$";
        for (var n = 1; body.Contains(tag, System.StringComparison.Ordinal); n++)
        {
            tag = $"$migrationchain{n}$";
        }

        return $"DO {tag}\n{body}\n{tag}";
    }

    private static string ArmBody(PostgresVersionTable versionTable) => $$"""
        DECLARE
            version_table regclass := pg_catalog.to_regclass({{PostgresNames.Literal(versionTable.Name)}});
            schema_name name;
            table_name name;
            recorded_oid oid;
            bump regprocedure;
            bump_body text;
        BEGIN
            SELECT n.nspname, c.relname INTO schema_name, table_name
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = version_table;
            IF schema_name IS NULL THEN
                RETURN;
            END IF;

            IF pg_catalog.to_regclass(pg_catalog.format('%I.{{Name}}', schema_name)) IS NULL THEN
                EXECUTE pg_catalog.format('CREATE TABLE %I.{{Name}} (version_table text PRIMARY KEY, version_oid oid NOT NULL, generation bigint NOT NULL DEFAULT 0, token text NOT NULL)', schema_name);
            END IF;

            -- A table recreated under the same name gets its new oid and a new token.
            EXECUTE pg_catalog.format('SELECT version_oid FROM %I.{{Name}} WHERE version_table = $1', schema_name) INTO recorded_oid USING table_name::text;
            IF recorded_oid IS NULL THEN
                EXECUTE pg_catalog.format('INSERT INTO %I.{{Name}} (version_table, version_oid, token) VALUES ($1, $2, {{NewToken}})', schema_name)
                USING table_name::text, version_table::oid;
            ELSIF recorded_oid <> version_table::oid THEN
                EXECUTE pg_catalog.format('UPDATE %I.{{Name}} SET version_oid = $2, generation = generation + 1, token = {{NewToken}} WHERE version_table = $1', schema_name)
                USING table_name::text, version_table::oid;
            END IF;

            bump := pg_catalog.to_regprocedure(pg_catalog.format('%I.{{BumpFunction}}()', schema_name));
            bump_body := pg_catalog.format({{PostgresNames.Literal(BumpTemplate)}}, pg_catalog.quote_literal(schema_name), pg_catalog.quote_ident(schema_name),
                pg_catalog.quote_literal(pg_catalog.quote_ident(schema_name) || '.{{Name}}'));
            IF bump IS NULL THEN
                EXECUTE pg_catalog.format('CREATE FUNCTION %I.{{BumpFunction}}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS %L',
                    schema_name, bump_body);
            ELSIF (SELECT p.prosrc FROM pg_catalog.pg_proc p WHERE p.oid = bump) IS DISTINCT FROM bump_body THEN
                -- An older runner's body (dynamic SQL on every write): its owner replaces it; for anyone else it stays,
                -- and still moves the state.
                BEGIN
                    EXECUTE pg_catalog.format('CREATE OR REPLACE FUNCTION %I.{{BumpFunction}}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS %L',
                        schema_name, bump_body);
                EXCEPTION WHEN insufficient_privilege THEN
                    NULL;
                END;
            END IF;

            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = version_table AND tgname = '{{Name}}') THEN
                EXECUTE pg_catalog.format('CREATE TRIGGER {{Name}} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE PROCEDURE %I.{{BumpFunction}}()',
                    version_table, schema_name);
            END IF;

            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = version_table AND tgname = '{{Name}}' AND tgenabled = 'A') THEN
                EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ALWAYS TRIGGER {{Name}}', version_table);
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'MigrationChain could not set up % (the trigger that tells a runner the version table % is unchanged): %. Runners still work; a no-op UpgradeHead() compares every version row instead. Have the owner of % run the migrations once.',
                '{{Name}}', version_table, SQLERRM, version_table;
        END
        """;

    /// <summary>The companion as a no-op's query names it: beside a configured schema's table, else through search_path.</summary>
    public static string CompanionName(PostgresVersionTable versionTable) =>
        (versionTable.QuotedSchema is null ? string.Empty : versionTable.QuotedSchema + ".") + Name;

    /// <summary>
    /// The version table's state as one text, or no row when it has none: no companion row for the table that the
    /// name resolves to now (a recreated or renamed table, or a companion found through search_path in another
    /// schema), or no enabled trigger on it. Kept to one table and one catalog index lookup: a no-op plans it on
    /// every call. Names the companion: fails with 42P01 when it does not exist, which the caller answers with the
    /// comparison alone.
    /// </summary>
    public static string StateOf(PostgresVersionTable versionTable) => $"""
        SELECT pg_catalog.concat_ws(' ', s.token, s.version_oid, t.xmin)
        FROM {CompanionName(versionTable)} s
        JOIN pg_catalog.pg_trigger t ON t.tgrelid = s.version_oid AND t.tgname = '{Name}' AND t.tgenabled = 'A'
        WHERE s.version_table = {PostgresNames.Literal(versionTable.Table)}
          AND s.version_oid = pg_catalog.to_regclass({PostgresNames.Literal(versionTable.Name)})::oid
        """;

    /// <summary>Whether this session could read the companion, for a caller that found it unusable before.</summary>
    public static string CompanionReadable(PostgresVersionTable versionTable) =>
        $"coalesce(pg_catalog.has_table_privilege(pg_catalog.to_regclass({PostgresNames.Literal(CompanionName(versionTable))}), 'SELECT'), false)";
}

/// <summary>
/// A no-op's probe (<see cref="PostgresSession.ReadUnlessAtHeadAsync"/>). Parameters: $1 the at-head row count, $2
/// its SHA-256, and with the state $3 the remembered state (null when none).
/// </summary>
internal sealed record StateProbe(string AtHead, string AtHeadCondition, string? Remembered, bool WithState)
{
    /// <summary>
    /// How the verdict (and, without the state, whether the companion can be read) comes back: as text, which a start
    /// reads with the converters the driver already uses for any text, instead of JIT-compiling its boolean reader
    /// for these two columns alone (~35 methods of Npgsql's).
    /// </summary>
    public const string True = "true";

    /// <summary>
    /// With the companion, ONE statement (parsed and planned once, which is most of a no-op's server time): its
    /// first row carries the verdict and the current state, followed, only when not at head, by the version rows
    /// (a LEFT JOIN of the rows behind a one-time filter; one row of NULLs when the table is empty or at head). When
    /// the state equals <paramref name="remembered"/> the CASE never evaluates the comparison, an uncorrelated
    /// subquery PostgreSQL runs only when asked for (an InitPlan: "never executed" in EXPLAIN ANALYZE), and the rows
    /// are never scanned. <see cref="AtHeadCondition"/> is unused.
    /// </summary>
    public static StateProbe Of(PostgresVersionTable table, string? remembered) =>
        new(table.ProbeWithState.AtHead, string.Empty, remembered, WithState: true);

    /// <summary>
    /// Without it, as before: two statements in one round trip, the comparison (and whether the companion can be
    /// read now), then the rows where <see cref="AtHeadCondition"/> is not true.
    /// </summary>
    public static StateProbe Without(PostgresVersionTable table)
    {
        var (atHead, condition) = table.ProbeWithoutState;
        return new StateProbe(atHead, condition, null, WithState: false);
    }

    /// <param name="table">The version table.</param>
    /// <param name="rows">The at-head row count as SQL: <c>$1</c>, or a literal (<see cref="PostgresAtHeadLiterals"/>).</param>
    /// <param name="sha256Hex">The at-head SHA-256 as SQL: <c>$2</c>, or a literal.</param>
    /// <param name="remembered">The remembered state as SQL: <c>$3</c>, or a literal (NULL when none).</param>
    internal static (string AtHead, string Condition) WithStateSql(PostgresVersionTable table, string rows = "$1", string sha256Hex = "$2", string remembered = "$3")
    {
        // OFFSET 0 keeps each subquery whole: the verdict is computed once, and the rows' filter stays a one-time filter.
        var atHead = $"""
            WITH state AS ({PostgresVersionState.StateOf(table)}),
            verdict AS (SELECT CASE WHEN (SELECT * FROM state) = {remembered} THEN true ELSE ({table.MatchesAtHead(rows, sha256Hex)}) END AS at_head, (SELECT * FROM state) AS state OFFSET 0)
            SELECT verdict.at_head::text AS "migrationchain at head", verdict.state AS "migrationchain state", v.*
            FROM verdict LEFT JOIN LATERAL ({table.Select} WHERE NOT verdict.at_head OFFSET 0) v ON true
            """;
        return (atHead, string.Empty);
    }

    internal static (string AtHead, string Condition) WithoutStateSql(PostgresVersionTable table, string rows = "$1", string sha256Hex = "$2")
    {
        var compare = table.MatchesAtHead(rows, sha256Hex);
        return ($"SELECT ({compare})::text, ({PostgresVersionState.CompanionReadable(table)})::text", compare);
    }
}
