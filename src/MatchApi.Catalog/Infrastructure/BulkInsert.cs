using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// New rows written through one prepared INSERT per table in the context's open transaction, with the columns, names
/// and conversions of the EF Core model; columns the store generates (a revision's sequence) are left to it. EF Core's
/// change tracker and batching took about 20 s for the 200,000 rows of a 100,000-scheme import.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(CatalogDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the catalog's model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)
            .Select((p, i) => (Property: p, Getter: p.GetGetter(), Mapping: p.GetRelationalTypeMapping(), Parameter: sql.GenerateParameterName($"p{i}")))
            .ToList();

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts are written inside the caller's transaction.");
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} " +
            $"({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})";
        foreach (var row in rows)
        {
            command.Parameters.Clear();
            foreach (var (property, getter, mapping, parameter) in columns)
                command.Parameters.Add(mapping.CreateParameter(command, parameter, getter.GetClrValue(row), property.IsNullable));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
