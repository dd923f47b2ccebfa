interface ImportMetaEnv {
  /** The relay server the build points at by default (see README, "Configuration"). */
  readonly WXT_SERVER_URL?: string;
}
