// h5_same A.h5 B.h5 [--ignore ATTR ...]: exit 0 when the two files hold the same objects with the
// same types, shapes and bytes, and the same attributes (except the ignored root attributes,
// e.g. `ranks`); otherwise print the first difference and exit 1. h5diff is no help here: it
// exits 0 for datasets of different lengths ("not comparable").
// h5_same --get FILE ATTR: prints a root integer attribute (e.g. `ranks`: how many ranks wrote
// the file) and exits 0; exit 2 when there is none. With ATTR a dataset's path (/summary/moves),
// prints the sum of its values as integers (that a feature really happened in a run).
#include <hdf5.h>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace {

std::set<std::string> ignored;

struct Objects {
  std::vector<std::string> names;
};

herr_t collect(hid_t, const char* name, const H5O_info_t* info, void* data) {
  if (info->type == H5O_TYPE_DATASET || info->type == H5O_TYPE_GROUP)
    static_cast<Objects*>(data)->names.emplace_back(name);
  return 0;
}

bool fail(const std::string& what) {
  std::printf("differ: %s\n", what.c_str());
  return false;
}

std::vector<unsigned char> attr_bytes(hid_t attr, hid_t& type_out) {
  hid_t type = H5Aget_type(attr);
  hid_t space = H5Aget_space(attr);
  std::vector<unsigned char> bytes;
  if (H5Tis_variable_str(type) > 0) {
    char* s = nullptr;
    H5Aread(attr, type, &s);
    if (s) bytes.assign(s, s + std::strlen(s));
    H5free_memory(s);
  } else {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    bytes.resize(static_cast<std::size_t>(n) * H5Tget_size(type));
    H5Aread(attr, type, bytes.data());
  }
  H5Sclose(space);
  type_out = type;
  return bytes;
}

bool same_attributes(hid_t a, hid_t b, const std::string& obj) {
  H5O_info_t ia, ib;
  H5Oget_info(a, &ia);
  H5Oget_info(b, &ib);
  if (ia.num_attrs != ib.num_attrs) return fail(obj + ": attribute count");
  for (hsize_t i = 0; i < ia.num_attrs; ++i) {
    char name[256];
    H5Aget_name_by_idx(a, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
    if (obj == "." && ignored.count(name)) continue;
    if (!H5Aexists(b, name)) return fail(obj + ": attribute " + name + " missing");
    hid_t aa = H5Aopen(a, name, H5P_DEFAULT), ab = H5Aopen(b, name, H5P_DEFAULT);
    hid_t ta, tb;
    const auto va = attr_bytes(aa, ta), vb = attr_bytes(ab, tb);
    const bool same = H5Tequal(ta, tb) > 0 && va == vb;
    H5Tclose(ta);
    H5Tclose(tb);
    H5Aclose(aa);
    H5Aclose(ab);
    if (!same) return fail(obj + ": attribute " + name);
  }
  return true;
}

bool same_dataset(hid_t a, hid_t b, const std::string& name) {
  hid_t ta = H5Dget_type(a), tb = H5Dget_type(b);
  hid_t sa = H5Dget_space(a), sb = H5Dget_space(b);
  bool ok = H5Tequal(ta, tb) > 0;
  if (!ok) fail(name + ": type");
  const hssize_t na = H5Sget_simple_extent_npoints(sa), nb = H5Sget_simple_extent_npoints(sb);
  if (ok && na != nb)
    ok = fail(name + ": length " + std::to_string(na) + " vs " + std::to_string(nb));
  if (ok && na > 0) {
    const std::size_t size = H5Tget_size(ta);
    std::vector<unsigned char> va(na * size), vb(nb * size);
    H5Dread(a, ta, H5S_ALL, H5S_ALL, H5P_DEFAULT, va.data());
    H5Dread(b, tb, H5S_ALL, H5S_ALL, H5P_DEFAULT, vb.data());
    if (va != vb) {
      for (hssize_t i = 0; i < na; ++i)
        if (std::memcmp(&va[i * size], &vb[i * size], size) != 0) {
          ok = fail(name + ": first differing row " + std::to_string(i));
          break;
        }
    }
  }
  H5Tclose(ta);
  H5Tclose(tb);
  H5Sclose(sa);
  H5Sclose(sb);
  return ok;
}

// The sum of dataset `name` of `path` as integers, printed; exit status as in the header.
int print_dataset_sum(const char* path, const char* name) {
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t d = f < 0 ? -1 : H5Dopen2(f, name, H5P_DEFAULT);
  if (d < 0) {
    std::fprintf(stderr, "h5_same: %s: no dataset %s\n", path, name);
    if (f >= 0) H5Fclose(f);
    return 2;
  }
  hid_t space = H5Dget_space(d);
  std::vector<long long> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  const herr_t rc = H5Dread(d, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Sclose(space);
  H5Dclose(d);
  H5Fclose(f);
  if (rc < 0) {
    std::fprintf(stderr, "h5_same: %s: dataset %s is not numeric\n", path, name);
    return 2;
  }
  long long sum = 0;
  for (long long v : values) sum += v;
  std::printf("%lld\n", sum);
  return 0;
}

// The value of integer root attribute `name` of `path`, printed; exit status as in the header.
int print_attribute(const char* path, const char* name) {
  if (name[0] == '/') return print_dataset_sum(path, name);
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0 || H5Aexists(f, name) <= 0) {
    std::fprintf(stderr, "h5_same: %s: no root attribute %s\n", path, name);
    if (f >= 0) H5Fclose(f);
    return 2;
  }
  hid_t attr = H5Aopen(f, name, H5P_DEFAULT);
  long long value = 0;
  const herr_t rc = H5Aread(attr, H5T_NATIVE_LLONG, &value);
  H5Aclose(attr);
  H5Fclose(f);
  if (rc < 0) {
    std::fprintf(stderr, "h5_same: %s: attribute %s is not an integer\n", path, name);
    return 2;
  }
  std::printf("%lld\n", value);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--get") return print_attribute(argv[2], argv[3]);
  if (argc < 3) {
    std::fprintf(stderr, "usage: h5_same A.h5 B.h5 [--ignore ATTR ...] | --get FILE ATTR\n");
    return 2;
  }
  for (int i = 3; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--ignore") ignored.insert(argv[i + 1]);
  hid_t fa = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
  hid_t fb = H5Fopen(argv[2], H5F_ACC_RDONLY, H5P_DEFAULT);
  if (fa < 0 || fb < 0) {
    std::fprintf(stderr, "h5_same: cannot open %s\n", fa < 0 ? argv[1] : argv[2]);
    return 2;
  }
  Objects oa, ob;
  H5Ovisit(fa, H5_INDEX_NAME, H5_ITER_INC, collect, &oa);
  H5Ovisit(fb, H5_INDEX_NAME, H5_ITER_INC, collect, &ob);
  bool ok = oa.names == ob.names || fail("different sets of objects");
  for (const auto& name : oa.names) {
    if (!ok) break;
    hid_t a = H5Oopen(fa, name.c_str(), H5P_DEFAULT), b = H5Oopen(fb, name.c_str(), H5P_DEFAULT);
    ok = same_attributes(a, b, name);
    H5O_info_t info;
    H5Oget_info(a, &info);
    if (ok && info.type == H5O_TYPE_DATASET) ok = same_dataset(a, b, name);
    H5Oclose(a);
    H5Oclose(b);
  }
  H5Fclose(fa);
  H5Fclose(fb);
  if (ok) std::printf("same: %s %s (%zu objects)\n", argv[1], argv[2], oa.names.size());
  return ok ? 0 : 1;
}
