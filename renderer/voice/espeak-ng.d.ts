/** Types for the `espeak-ng` package (eSpeak NG's command line compiled to WebAssembly), which ships none. */
declare module 'espeak-ng' {
  export interface ESpeakModule {
    FS: {
      readFile(path: string): Uint8Array;
      writeFile(path: string, data: string | Uint8Array): void;
    };
  }
  export interface ESpeakOptions {
    /** The command line; `main` runs with it as soon as the module is ready. */
    arguments: string[];
    print?(line: string): void;
    printErr?(line: string): void;
    preRun?: ((module: ESpeakModule) => void)[];
    instantiateWasm?(
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
    ): object;
  }
  export default function createESpeakNg(options: ESpeakOptions): Promise<ESpeakModule>;
}
