namespace Shop.Shared;

/// <summary>DDL kept outside the migrations assembly, as an application's shared schema helpers are.</summary>
public static class InvoiceSchema
{
    public static string CreateTable(string name) => $"CREATE TABLE {name} (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)";
}
