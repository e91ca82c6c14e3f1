// std::vector storage aligned to a cache line: the float arrays the hot kernels stream through
// and accumulate into are read with 32-byte vector loads, which cost more when they straddle a
// cache line, and the heap's 16-byte alignment would make an MVM's speed depend on where earlier
// allocations happened to leave them.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace xbar {

template <typename T> struct CacheAligned {
    using value_type = T;
    static constexpr std::align_val_t kAlign{64};
    CacheAligned() = default;
    template <typename U> CacheAligned(const CacheAligned<U>&) {}
    T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
    void deallocate(T* p, size_t) { ::operator delete(p, kAlign); }
    template <typename U> bool operator==(const CacheAligned<U>&) const { return true; }
    template <typename U> bool operator!=(const CacheAligned<U>&) const { return false; }
};

template <typename T> using aligned_vector = std::vector<T, CacheAligned<T>>;

} // namespace xbar
