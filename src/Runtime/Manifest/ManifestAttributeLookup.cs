namespace MigrationChain.Manifest;

/// <summary>
/// Finds the value of an assembly's <c>[assembly: MigrationChainManifest(...)]</c> in its ECMA-335 metadata (ECMA-335
/// II.22-24), reading only the tables that lead to it: the custom attributes of the assembly, the constructor's
/// member reference, its type reference and that type's assembly reference. Written out here rather than read through
/// System.Reflection.Metadata, whose assembly load, reader set-up (a reader per table) and a hundred methods and types
/// were most of what a start spent finding this one value.
/// </summary>
/// <remarks>
/// Every read is bounds-checked. Whatever this reader does not expect (another metadata layout, an index out of range,
/// a constructor defined in the assembly itself, a name it cannot compare byte for byte) answers
/// <see cref="Answer.Unsure"/>, and the caller asks reflection, which answers every case.
/// </remarks>
internal static unsafe partial class ManifestAttributeLookup
{
    public enum Answer
    {
        /// <summary>The assembly has no chain manifest attribute.</summary>
        None,

        /// <summary>The attribute's string argument is the UTF-8 bytes returned.</summary>
        Found,

        /// <summary>The metadata holds something this reader does not read; ask reflection.</summary>
        Unsure,
    }

    private const string AttributeNamespace = "MigrationChain.Manifest";
    private const string AttributeName = nameof(MigrationChainManifestAttribute);

    // Tables (II.22), by number.
    private const int Module = 0x00, TypeRef = 0x01, TypeDef = 0x02, FieldPtr = 0x03, Field = 0x04, MethodPtr = 0x05,
        MethodDef = 0x06, ParamPtr = 0x07, Param = 0x08, InterfaceImpl = 0x09, MemberRef = 0x0A, Constant = 0x0B,
        CustomAttribute = 0x0C, FieldMarshal = 0x0D, DeclSecurity = 0x0E, ClassLayout = 0x0F, FieldLayout = 0x10,
        StandAloneSig = 0x11, EventMap = 0x12, EventPtr = 0x13, Event = 0x14, PropertyMap = 0x15, PropertyPtr = 0x16,
        Property = 0x17, MethodSemantics = 0x18, MethodImpl = 0x19, ModuleRef = 0x1A, TypeSpec = 0x1B, ImplMap = 0x1C,
        FieldRva = 0x1D, EncLog = 0x1E, EncMap = 0x1F, Assembly = 0x20, AssemblyProcessor = 0x21, AssemblyOS = 0x22,
        AssemblyRef = 0x23, File = 0x26, ExportedType = 0x27, ManifestResource = 0x28, GenericParam = 0x2A,
        MethodSpec = 0x2B, GenericParamConstraint = 0x2C;

    // The HasCustomAttribute value of the assembly's own row: row 1 of the Assembly table, tag 14 of 5 bits.
    private const uint AssemblyParent = (1 << 5) | 14;

    /// <summary>The manifest attribute's string argument in the metadata at <paramref name="metadata"/>.</summary>
    /// <param name="metadata">The metadata root (what <c>Assembly.TryGetRawMetadata</c> gives).</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="runtimeAssembly">The simple name of the assembly defining the attribute (ASCII).</param>
    /// <param name="value">With <see cref="Answer.Found"/>: the attribute's string, UTF-8, inside the metadata.</param>
    /// <param name="valueLength">Its length in bytes.</param>
    public static Answer Find(byte* metadata, int length, string runtimeAssembly, out byte* value, out int valueLength)
    {
        value = null;
        valueLength = 0;
        var tables = Tables.Read(metadata, length);
        if (tables is null)
        {
            return Answer.Unsure;
        }

        var attributes = tables.Rows[CustomAttribute];
        for (var row = 1; row <= attributes; row++)
        {
            var at = tables.Row(CustomAttribute, row);
            if (Tables.Index(at, tables.HasCustomAttribute) != AssemblyParent)
            {
                continue;
            }

            at += tables.HasCustomAttribute;
            var constructor = Tables.Index(at, tables.CustomAttributeType);
            var kind = tables.Classify(constructor, runtimeAssembly);
            if (kind == Answer.None)
            {
                continue;
            }

            if (kind == Answer.Unsure)
            {
                return Answer.Unsure;
            }

            return tables.StringArgument(Tables.Index(at + tables.CustomAttributeType, tables.Blob), out value, out valueLength)
                ? Answer.Found
                : Answer.Unsure;
        }

        return Answer.None;
    }

    /// <summary>
    /// For tests: the type of every assembly attribute, <c>Namespace.Name</c> (<c>?</c> for a constructor this reader
    /// does not follow), in table order; null when unsure. Reads every row and name the lookup reads, for all of them.
    /// </summary>
    internal static System.Collections.Generic.List<string>? AssemblyAttributeTypes(byte* metadata, int length)
    {
        var tables = Tables.Read(metadata, length);
        if (tables is null)
        {
            return null;
        }

        var types = new System.Collections.Generic.List<string>();
        for (var row = 1; row <= tables.Rows[CustomAttribute]; row++)
        {
            var at = tables.Row(CustomAttribute, row);
            if (Tables.Index(at, tables.HasCustomAttribute) == AssemblyParent)
            {
                types.Add(tables.TypeOf(Tables.Index(at + tables.HasCustomAttribute, tables.CustomAttributeType)));
            }
        }

        return types;
    }

    /// <summary>The metadata's tables, located: where each one starts, how many rows it has and how wide they are.</summary>
    private sealed partial class Tables
    {
        private readonly byte* _strings;
        private readonly uint _stringsSize;
        private readonly byte* _blobs;
        private readonly uint _blobsSize;
        private readonly byte*[] _starts = new byte*[AssemblyRef + 1];
        private readonly int[] _widths = new int[AssemblyRef + 1];

        private Tables(byte* strings, uint stringsSize, byte* blobs, uint blobsSize, int[] rows, byte heapSizes)
        {
            _strings = strings;
            _stringsSize = stringsSize;
            _blobs = blobs;
            _blobsSize = blobsSize;
            Rows = rows;
            String = (heapSizes & 0x01) != 0 ? 4 : 2;
            Guid = (heapSizes & 0x02) != 0 ? 4 : 2;
            Blob = (heapSizes & 0x04) != 0 ? 4 : 2;
            TypeDefOrRef = Coded(2, TypeDef, TypeRef, TypeSpec);
            HasCustomAttribute = Coded(5, MethodDef, Field, TypeRef, TypeDef, Param, InterfaceImpl, MemberRef, Module,
                DeclSecurity, Property, Event, StandAloneSig, ModuleRef, TypeSpec, Assembly, AssemblyRef, File,
                ExportedType, ManifestResource, GenericParam, GenericParamConstraint, MethodSpec);
            CustomAttributeType = Coded(3, MethodDef, MemberRef);
            MemberRefParent = Coded(3, TypeDef, TypeRef, ModuleRef, MethodDef, TypeSpec);
            ResolutionScope = Coded(2, Module, ModuleRef, AssemblyRef, TypeRef);
        }

        public int[] Rows { get; }

        public int String { get; }

        public int Guid { get; }

        public int Blob { get; }

        public int TypeDefOrRef { get; }

        public int HasCustomAttribute { get; }

        public int CustomAttributeType { get; }

        public int MemberRefParent { get; }

        public int ResolutionScope { get; }

        /// <summary>The tables of the metadata root at <paramref name="metadata"/> (II.24.2.1), or null when unsure.</summary>
        public static Tables? Read(byte* metadata, int length)
        {
            if (length < 20 || Index(metadata, 4) != 0x424A5342)
            {
                return null;
            }

            var versionLength = Index(metadata + 12, 4);
            if (versionLength > (uint)length - 20)
            {
                return null;
            }

            var at = 16 + (int)versionLength;
            var streams = (int)Index(metadata + at + 2, 2);
            at += 4;
            byte* tables = null, strings = null, blobs = null;
            uint tablesSize = 0, stringsSize = 0, blobsSize = 0;
            for (var i = 0; i < streams; i++)
            {
                if (at + 9 > length)
                {
                    return null;
                }

                var offset = Index(metadata + at, 4);
                var size = Index(metadata + at + 4, 4);
                if (offset > (uint)length || size > (uint)length - offset)
                {
                    return null;
                }

                var name = metadata + at + 8;
                var nameLength = 0;
                while (at + 8 + nameLength < length && name[nameLength] != 0)
                {
                    nameLength++;
                }

                if (at + 8 + nameLength >= length || nameLength > 31)
                {
                    return null;
                }

                if (Is(name, nameLength, "#~"))
                {
                    tables = metadata + offset;
                    tablesSize = size;
                }
                else if (Is(name, nameLength, "#Strings"))
                {
                    strings = metadata + offset;
                    stringsSize = size;
                }
                else if (Is(name, nameLength, "#Blob"))
                {
                    blobs = metadata + offset;
                    blobsSize = size;
                }
                else if (Is(name, nameLength, "#-") || Is(name, nameLength, "#JTD"))
                {
                    // Uncompressed (edit-and-continue) tables, or a minimal delta: not read here.
                    return null;
                }

                at += 8 + ((nameLength + 4) & ~3);
            }

            return tables is null || strings is null || blobs is null ? null : Locate(tables, tablesSize, strings, stringsSize, blobs, blobsSize);
        }

        private static Tables? Locate(byte* tables, uint tablesSize, byte* strings, uint stringsSize, byte* blobs, uint blobsSize)
        {
            // II.24.2.6: reserved, major, minor, heap sizes, reserved, the valid and sorted bit vectors, then the row counts.
            if (tablesSize < 24)
            {
                return null;
            }

            var heapSizes = tables[6];
            var valid = Index(tables + 8, 4) | ((ulong)Index(tables + 12, 4) << 32);
            var rows = new int[64];
            long at = 24;
            for (var table = 0; table < 64; table++)
            {
                if ((valid & (1UL << table)) == 0)
                {
                    continue;
                }

                // Tables beyond the ECMA-335 ones (a portable PDB's) have no place in an assembly's metadata.
                if (table > GenericParamConstraint || at + 4 > tablesSize)
                {
                    return null;
                }

                var count = Index(tables + at, 4);
                if (count > 0x00FFFFFF)
                {
                    return null;
                }

                rows[table] = (int)count;
                at += 4;
            }

            if ((heapSizes & 0x40) != 0)
            {
                at += 4;
            }

            if (rows[FieldPtr] + rows[MethodPtr] + rows[ParamPtr] + rows[EventPtr] + rows[PropertyPtr] > 0)
            {
                return null;
            }

            var located = new Tables(strings, stringsSize, blobs, blobsSize, rows, heapSizes);
            for (var table = 0; table <= AssemblyRef; table++)
            {
                var width = located.Width(table);
                if (at + ((long)rows[table] * width) > tablesSize)
                {
                    return null;
                }

                located._starts[table] = tables + at;
                located._widths[table] = width;
                at += (long)rows[table] * width;
            }

            return located;
        }

        // II.24.2.6: the width of a row of each table up to AssemblyRef, from its columns.
        private int Width(int table) => table switch
        {
            Module => 2 + String + (3 * Guid),
            TypeRef => ResolutionScope + (2 * String),
            TypeDef => 4 + (2 * String) + TypeDefOrRef + Width(Field, 2) + Width(MethodDef, 2),
            FieldPtr => Width(Field, 2),
            Field => 2 + String + Blob,
            MethodPtr => Width(MethodDef, 2),
            MethodDef => 8 + String + Blob + Width(Param, 2),
            ParamPtr => Width(Param, 2),
            Param => 4 + String,
            InterfaceImpl => Width(TypeDef, 2) + TypeDefOrRef,
            MemberRef => MemberRefParent + String + Blob,
            Constant => 2 + Coded(2, Field, Param, Property) + Blob,
            CustomAttribute => HasCustomAttribute + CustomAttributeType + Blob,
            FieldMarshal => Coded(1, Field, Param) + Blob,
            DeclSecurity => 2 + Coded(2, TypeDef, MethodDef, Assembly) + Blob,
            ClassLayout => 6 + Width(TypeDef, 2),
            FieldLayout => 4 + Width(Field, 2),
            StandAloneSig => Blob,
            EventMap => Width(TypeDef, 2) + Width(Event, 2),
            EventPtr => Width(Event, 2),
            Event => 2 + String + TypeDefOrRef,
            PropertyMap => Width(TypeDef, 2) + Width(Property, 2),
            PropertyPtr => Width(Property, 2),
            Property => 2 + String + Blob,
            MethodSemantics => 2 + Width(MethodDef, 2) + Coded(1, Event, Property),
            MethodImpl => Width(TypeDef, 2) + (2 * Coded(1, MethodDef, MemberRef)),
            ModuleRef => String,
            TypeSpec => Blob,
            ImplMap => 2 + Coded(1, Field, MethodDef) + String + Width(ModuleRef, 2),
            FieldRva => 4 + Width(Field, 2),
            EncLog => 8,
            EncMap => 4,
            Assembly => 16 + Blob + (2 * String),
            AssemblyProcessor => 4,
            AssemblyOS => 12,
            _ => 12 + (2 * Blob) + (2 * String), // AssemblyRef
        };

        // A simple index into a table: 2 bytes while the table has fewer than 2^16 rows.
        private int Width(int table, int narrow) => Rows[table] < 0x10000 ? narrow : 4;

        // A coded index (II.24.2.6): 2 bytes while every table it can point into has fewer than 2^(16 - tag bits) rows.
        private int Coded(int tagBits, params int[] tables)
        {
            foreach (var table in tables)
            {
                if (Rows[table] >= 1 << (16 - tagBits))
                {
                    return 4;
                }
            }

            return 2;
        }

        /// <summary>A little-endian value of 2 or 4 bytes.</summary>
        public static uint Index(byte* at, int width) =>
            width == 2 ? (uint)(at[0] | (at[1] << 8)) : (uint)(at[0] | (at[1] << 8) | (at[2] << 16) | (at[3] << 24));

        // II.23.2: a length in 1, 2 or 4 bytes, by its first bits.
        private static bool Compressed(byte* at, byte* end, out uint value, out int header)
        {
            value = 0;
            header = 0;
            if (at >= end)
            {
                return false;
            }

            if ((at[0] & 0x80) == 0)
            {
                value = at[0];
                header = 1;
            }
            else if ((at[0] & 0xC0) == 0x80 && end - at >= 2)
            {
                value = (uint)(((at[0] & 0x3F) << 8) | at[1]);
                header = 2;
            }
            else if ((at[0] & 0xE0) == 0xC0 && end - at >= 4)
            {
                value = (uint)(((at[0] & 0x1F) << 24) | (at[1] << 16) | (at[2] << 8) | at[3]);
                header = 4;
            }
            else
            {
                return false;
            }

            return true;
        }

        private static bool Is(byte* name, int length, string value)
        {
            if (length != value.Length)
            {
                return false;
            }

            for (var i = 0; i < length; i++)
            {
                if (name[i] != value[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
