// A table indexed by a cluster's job index that forgets ended jobs: entries live in chunks of
// 4,096 consecutive indexes, and a chunk is freed when its last entry is forgotten. Jobs end
// roughly in arrival order, so a long replay keeps the chunks of its live jobs and of a few old
// stragglers, not one entry per job it ever saw (issue 14: a 10M-job replay within 4 GiB).
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace fleetsim::model {

template <class T>
class ChunkedTable {
 public:
  static constexpr std::int32_t kChunkBits = 12, kChunk = std::int32_t{1} << kChunkBits;

  // Index j holds `value` (j not held yet).
  void add(std::int32_t j, const T& value) {
    const auto c = static_cast<std::size_t>(j >> kChunkBits);
    if (chunks_.size() <= c) chunks_.resize(c + 1);
    if (!chunks_[c]) chunks_[c] = std::make_unique<Chunk>();
    Chunk& chunk = *chunks_[c];
    const auto k = static_cast<std::size_t>(j & (kChunk - 1));
    if (chunk.held[k]) throw std::logic_error("ChunkedTable: index added twice");
    chunk.held[k] = true;
    chunk.entries[k] = value;
    ++chunk.live;
  }
  // Index j is not needed again; a second forget, or one of an index never added, is a no-op.
  void forget(std::int32_t j) {
    const auto c = static_cast<std::size_t>(j >> kChunkBits);
    if (c >= chunks_.size() || !chunks_[c]) return;
    const auto k = static_cast<std::size_t>(j & (kChunk - 1));
    if (!chunks_[c]->held[k]) return;
    chunks_[c]->held[k] = false;
    if (--chunks_[c]->live == 0) chunks_[c].reset();
  }
  // Index j's entry, or null when it is not held.
  T* find(std::int32_t j) {
    return const_cast<T*>(static_cast<const ChunkedTable&>(*this).find(j));
  }
  const T* find(std::int32_t j) const {
    const auto c = static_cast<std::size_t>(j >> kChunkBits);
    if (c >= chunks_.size() || !chunks_[c]) return nullptr;
    const auto k = static_cast<std::size_t>(j & (kChunk - 1));
    return chunks_[c]->held[k] ? &chunks_[c]->entries[k] : nullptr;
  }
  T& operator[](std::int32_t j) { return chunks_[j >> kChunkBits]->entries[j & (kChunk - 1)]; }
  const T& operator[](std::int32_t j) const {
    return chunks_[j >> kChunkBits]->entries[j & (kChunk - 1)];
  }
  // One past the highest index ever added (for tables sized alongside).
  std::size_t bound() const { return chunks_.size() * static_cast<std::size_t>(kChunk); }

  // Saved as the held indexes with their entries, in index order (the same bytes wherever it
  // runs); loading adds them back.
  template <class Archive>
  void save(Archive& ar) const {
    std::vector<std::int32_t> held;
    std::vector<T> entries;
    for (std::size_t c = 0; c < chunks_.size(); ++c)
      for (std::int32_t k = 0; chunks_[c] && k < kChunk; ++k)
        if (chunks_[c]->held[static_cast<std::size_t>(k)]) {
          held.push_back(static_cast<std::int32_t>(c) * kChunk + k);
          entries.push_back(chunks_[c]->entries[static_cast<std::size_t>(k)]);
        }
    ar(held, entries);
  }
  template <class Archive>
  void load(Archive& ar) {
    std::vector<std::int32_t> held;
    std::vector<T> entries;
    ar(held, entries);
    if (held.size() != entries.size()) throw std::runtime_error("ChunkedTable: sizes differ");
    chunks_.clear();
    for (std::size_t i = 0; i < held.size(); ++i) add(held[i], entries[i]);
  }

 private:
  struct Chunk {
    std::array<T, kChunk> entries{};
    std::array<bool, kChunk> held{};
    std::int32_t live = 0;
  };
  std::vector<std::unique_ptr<Chunk>> chunks_;
};

}  // namespace fleetsim::model
