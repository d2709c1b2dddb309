using System;
using MigrationChain;

// Never reached while the chain is broken: the build fails first. Fix M0004's Parent and this migrates app.db.
var runner = MigrationRunner.ForSqlite("Data Source=app.db", typeof(BrokenChain.Migrations.M0001_CreateUsers).Assembly);
var result = runner.UpgradeHead();
Console.WriteLine($"Applied {result.Steps.Count} migration(s).");
