using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MatchApi.Catalog.Infrastructure;

public enum DatabaseCondition { Healthy, Missing, Corrupt }

/// <summary>
/// The SQLite file behind the catalog: whether it is there and readable, and whether it holds curated revisions that
/// data/ cannot rebuild (a marker file beside it, written before the first curator's write commits). The service
/// opens it without creating it (Mode=ReadWrite, no pooling), so a file deleted while serving is noticed instead of
/// being replaced by an empty one. With Catalog:Store=postgres the database is a server's (<see cref="OnServer"/>): it is
/// always "there" for this process, its health is the server's business, and data/ is never the only copy of it.
/// </summary>
public sealed class CatalogDatabase
{
    private CatalogDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        Path = "";
        IsServer = true;
    }

    /// <summary>A database on a PostgreSQL server, shared by every instance.</summary>
    public static CatalogDatabase OnServer(string connectionString) => new(connectionString);

    /// <summary>PostgreSQL (Catalog:Store=postgres) rather than this machine's SQLite file.</summary>
    public bool IsServer { get; }

    public CatalogDatabase(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            throw new InvalidOperationException("ConnectionStrings:Catalog must name a database file: the catalog keeps its revisions there.");
        Path = System.IO.Path.GetFullPath(builder.DataSource, contentRoot);
        builder.DataSource = Path;
        builder.Pooling = false;
        builder.Mode = SqliteOpenMode.ReadWrite;
        ConnectionString = builder.ToString();
    }

    public string Path { get; }

    /// <summary>Opens the existing file only: a deleted database fails to open (SQLite error 14) rather than being created empty.</summary>
    public string ConnectionString { get; }

    /// <summary>Beside the database: present once the database holds revisions written through the API.</summary>
    public string CuratedMarkerPath => Path + ".curated";

    public bool HoldsCuratedRevisions => !IsServer && File.Exists(CuratedMarkerPath);

    public bool Exists => IsServer || File.Exists(Path);

    /// <summary>
    /// Creates an empty database file in write-ahead-log mode (the schema comes from the migrations). The log and index
    /// of a database deleted earlier are moved aside first: SQLite would otherwise replay that log into the new file.
    /// </summary>
    public void Create()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var stamp = $"{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        foreach (var suffix in new[] { "-journal", "-wal", "-shm" })
            if (File.Exists(Path + suffix)) File.Move(Path + suffix, $"{Path}.orphan-{stamp}{suffix}", overwrite: true);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ToString());
        connection.Open();
        UseWriteAheadLog(connection);
    }

    /// <summary>Switches an existing database to write-ahead logging (kept in the file; a no-op when it already is).</summary>
    public void UseWriteAheadLog()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        UseWriteAheadLog(connection);
    }

    private static void UseWriteAheadLog(SqliteConnection connection)
    {
        using var command = new SqliteCommand("PRAGMA journal_mode = WAL", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Missing, corrupt (not a database, truncated, failing SQLite's quick check) or healthy.</summary>
    public DatabaseCondition Check()
    {
        if (IsServer) return DatabaseCondition.Healthy;
        if (!Exists) return DatabaseCondition.Missing;
        try
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var command = new SqliteCommand("PRAGMA quick_check", connection);
            using var reader = command.ExecuteReader();
            return reader.Read() && reader.GetString(0) == "ok" && !reader.Read() ? DatabaseCondition.Healthy : DatabaseCondition.Corrupt;
        }
        catch (SqliteException)
        {
            return DatabaseCondition.Corrupt;
        }
    }

    /// <summary>Records, durably, that the database now holds what data/ cannot rebuild.</summary>
    public void MarkCurated()
    {
        if (IsServer || HoldsCuratedRevisions) return;
        using (var marker = new FileStream(CuratedMarkerPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            marker.Write("This database holds revisions written by curators through the API that data/ cannot rebuild. Never delete it without an export (docs/curation.md).\n"u8);
            marker.Flush(flushToDisk: true);
        }
    }

    /// <summary>Moves a corrupt file (and its journal) aside, keeping it for inspection; returns where it went.</summary>
    public string MoveAside()
    {
        var target = $"{Path}.corrupt-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        File.Move(Path, target);
        foreach (var suffix in new[] { "-journal", "-wal", "-shm" })
            if (File.Exists(Path + suffix)) File.Move(Path + suffix, target + suffix);
        return target;
    }
}

/// <summary>
/// Every connection commits durably: with synchronous = FULL, SQLite syncs the write-ahead log at each commit, so a
/// write answered 2xx survives kill -9 and a power cut alike. (NORMAL would survive kill -9 too, since the log is in the
/// OS's cache, but could lose the last commits on power loss; curators' writes are few, so the sync costs nothing.)
/// </summary>
public sealed class DurableConnections : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SyncFully(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SyncFully(connection);
        return Task.CompletedTask;
    }

    private static void SyncFully(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = FULL";
        command.ExecuteNonQuery();
    }
}

/// <summary>The catalog cannot be served without losing curated revisions; the process must stop with a non-zero exit code.</summary>
public sealed class CatalogDatabaseException(string message) : Exception(message);
