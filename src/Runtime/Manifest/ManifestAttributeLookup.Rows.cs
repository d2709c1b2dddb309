namespace MigrationChain.Manifest;

internal static unsafe partial class ManifestAttributeLookup
{
    /// <summary>The rows and names the lookup follows, once the tables are located.</summary>
    private sealed partial class Tables
    {
        /// <summary>Row <paramref name="row"/> (1-based, in range) of <paramref name="table"/>.</summary>
        public byte* Row(int table, int row) => _starts[table] + ((long)(row - 1) * _widths[table]);

        /// <summary>Whether the constructor (a CustomAttributeType value) is the manifest attribute's: None when it is not.</summary>
        public Answer Classify(uint constructor, string runtimeAssembly)
        {
            var row = (int)(constructor >> 3);
            switch (constructor & 7)
            {
                case 3:
                    // A member reference whose parent is a type reference: the attribute of another assembly.
                    if (row < 1 || row > Rows[MemberRef])
                    {
                        return Answer.Unsure;
                    }

                    var parent = Index(Row(MemberRef, row), MemberRefParent);
                    var typeRow = (int)(parent >> 3);
                    if ((parent & 7) != 1)
                    {
                        return Answer.None;
                    }

                    if (typeRow < 1 || typeRow > Rows[TypeRef])
                    {
                        return Answer.Unsure;
                    }

                    var type = Row(TypeRef, typeRow);
                    var scope = Index(type, ResolutionScope);
                    var named = NameIs(type + ResolutionScope);
                    if (named != Answer.Found)
                    {
                        return named;
                    }

                    // Found in MigrationChain.Runtime, referenced by name: the manifest. Any other scope (a forwarded or
                    // nested type, another assembly of that name): reflection resolves it as the runtime does.
                    var assemblyRow = (int)(scope >> 2);
                    return (scope & 3) == 2 && assemblyRow >= 1 && assemblyRow <= Rows[AssemblyRef]
                        && StringIs(Index(Row(AssemblyRef, assemblyRow) + 12 + Blob, String), runtimeAssembly) == Answer.Found
                        ? Answer.Found
                        : Answer.Unsure;
                case 2:
                    // A constructor defined in the assembly itself: a type of that name defined here is reflection's to judge.
                    return row < 1 || row > Rows[MethodDef] ? Answer.Unsure : DeclaringTypeNamed(row);
                default:
                    return Answer.None;
            }
        }

        /// <summary>For tests: the type of a CustomAttributeType value, <c>Namespace.Name</c>, or <c>?</c>.</summary>
        public string TypeOf(uint constructor)
        {
            var row = (int)(constructor >> 3);
            byte* names;
            if ((constructor & 7) == 3 && row >= 1 && row <= Rows[MemberRef])
            {
                var parent = Index(Row(MemberRef, row), MemberRefParent);
                if ((parent & 7) != 1 || (parent >> 3) < 1 || (parent >> 3) > Rows[TypeRef])
                {
                    return "?";
                }

                names = Row(TypeRef, (int)(parent >> 3)) + ResolutionScope;
            }
            else if ((constructor & 7) == 2 && row >= 1 && row <= Rows[MethodDef] && DeclaringType(row) is > 0 and var type)
            {
                names = Row(TypeDef, type) + 4;
            }
            else
            {
                return "?";
            }

            return Decode(Index(names + String, String)) + "." + Decode(Index(names, String));
        }

        private string Decode(uint offset)
        {
            var end = offset;
            while (end < _stringsSize && _strings[end] != 0)
            {
                end++;
            }

            return offset >= _stringsSize ? "?" : System.Text.Encoding.UTF8.GetString(_strings + offset, (int)(end - offset));
        }

        /// <summary>The attribute value's single string argument (II.23.3: prolog 1, then a SerString); false when unsure.</summary>
        public bool StringArgument(uint blob, out byte* value, out int valueLength)
        {
            value = null;
            valueLength = 0;
            if (blob >= _blobsSize || !Compressed(_blobs + blob, _blobs + _blobsSize, out var size, out var header)
                || size > _blobsSize - blob - header || size < 3)
            {
                return false;
            }

            var bytes = _blobs + blob + header;
            var end = bytes + size;
            if (bytes[0] != 1 || bytes[1] != 0 || bytes[2] == 0xFF
                || !Compressed(bytes + 2, end, out var length, out var lengthHeader) || length > end - (bytes + 2 + lengthHeader))
            {
                return false;
            }

            value = bytes + 2 + lengthHeader;
            valueLength = (int)length;
            return true;
        }

        private Answer DeclaringTypeNamed(int method)
        {
            var owner = DeclaringType(method);
            return owner == 0 || NameIs(Row(TypeDef, owner) + 4) != Answer.None ? Answer.Unsure : Answer.None;
        }

        // The type owning method row `method`: the last type whose method list starts at or before it (II.22.37), or 0.
        private int DeclaringType(int method)
        {
            var methodList = 4 + (2 * String) + TypeDefOrRef + Width(Field, 2);
            var methodIndex = Width(MethodDef, 2);
            var owner = 0;
            for (var type = 1; type <= Rows[TypeDef]; type++)
            {
                if (Index(Row(TypeDef, type) + methodList, methodIndex) > (uint)method)
                {
                    break;
                }

                owner = type;
            }

            return owner;
        }

        // Name then namespace, two string indexes: Found when they are the attribute's, None when not.
        private Answer NameIs(byte* nameThenNamespace)
        {
            var name = StringIs(Index(nameThenNamespace, String), AttributeName);
            if (name != Answer.Found)
            {
                return name;
            }

            return StringIs(Index(nameThenNamespace + String, String), AttributeNamespace);
        }

        // A #Strings entry is UTF-8 ending in a zero byte; compared byte for byte with an ASCII value.
        private Answer StringIs(uint offset, string ascii)
        {
            if (offset >= _stringsSize)
            {
                return Answer.Unsure;
            }

            var text = _strings + offset;
            var room = _stringsSize - offset;
            for (var i = 0; i < ascii.Length; i++)
            {
                if (ascii[i] > 0x7F || i >= room)
                {
                    return Answer.Unsure;
                }

                if (text[i] != ascii[i])
                {
                    return Answer.None;
                }
            }

            return ascii.Length >= room ? Answer.Unsure : text[ascii.Length] == 0 ? Answer.Found : Answer.None;
        }
    }
}
