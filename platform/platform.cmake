# The SystemC side of the platform (included from platform/CMakeLists.txt).

add_library(cimvp_platform STATIC
  ${CMAKE_CURRENT_LIST_DIR}/elf_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/semihosting.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/register_device.cpp
  ${CMAKE_CURRENT_LIST_DIR}/clint.cpp
  ${CMAKE_CURRENT_LIST_DIR}/uart.cpp
  ${CMAKE_CURRENT_LIST_DIR}/finisher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cpu.cpp
  ${CMAKE_CURRENT_LIST_DIR}/platform.cpp
  ${CMAKE_CURRENT_LIST_DIR}/value_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/run_stats.cpp)
target_include_directories(cimvp_platform PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(cimvp_platform PUBLIC cimvp_iss PkgConfig::SYSTEMC Boost::program_options
  nlohmann_json::nlohmann_json)
target_compile_options(cimvp_platform PRIVATE ${CIMVP_WARNINGS})

add_executable(cimvp ${CMAKE_CURRENT_LIST_DIR}/cimvp_main.cpp)
target_link_libraries(cimvp PRIVATE cimvp_platform)
target_compile_options(cimvp PRIVATE ${CIMVP_WARNINGS})
