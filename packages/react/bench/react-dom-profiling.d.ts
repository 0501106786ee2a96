// react-dom/profiling is react-dom/client built for production with Profiler timings on.
declare module 'react-dom/profiling' {
  export * from 'react-dom/client'
}
