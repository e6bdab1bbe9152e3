package org.mcxkms.testkit;

/**
 * Published vendor vectors: the key material of Streamwide's test KMS and its MIKEY-SAKKE
 * I_MESSAGEs (Streamwide's published test vectors), and the Alea v3 messages with their KMS and
 * users (from Streamwide's unit tests). Inputs only: the expected values a test checks come from
 * the vendors' published decodings, never from our own output.
 */
public final class VendorVectors {
  private VendorVectors() {}

  /** A user of a vendor test KMS: URI, UID, and the key material the KMS issued (hex). */
  public record User(String uri, String uid, String rsk, String ssk, String pvt) {}

  public static final String SW_KMS_URI = "kms.mydev.streamwide.com";
  public static final long SW_PERIOD = 16777215L;
  public static final long SW_PERIOD_NO = 236L;
  public static final String SW_KPAK = "0448f9c2c48b50735f6bc70ec6691073243f1e0bd83cc73bb936d61ffcb2d6049a5b297e8205b29fbd8591cb582d6402add21451ce4beebeaaa7520e93b11cf28f";
  public static final String SW_Z =
      "046fc2cf00fd48467abe7c02f383002fc49b6632bf0f7071d958f1f128154e6fae1f69bb91691a191a358fe647a3e020d236"
          + "5d52f81fb3af4ea271654f1a880274c1ae228ac72cc15d535394321bd2143cea2619fb3b0c6ce7a5f72714d8ef4d11cb0c99"
          + "1c3376ca31b168b01e66021effdbf7920bd66615e6f0d6a1e61c06e72e61b4138738c11bc249a3849e9c4cff327a7d0d2769"
          + "c3d97a37f86adfb13baa257e628ce236f40360d3f7b8d95b0e3fcc19417602d7d6b8928b855eae9129be1f0b87d33e884906"
          + "dd95a04a8bd61240bad60f9dfada64806726f8f08b86343f54046416f5198116e9798c218bcf9ca07d0baa4be50062bfe54e"
          + "44495b6ed59cb6";
  public static final User SW_GMS =
      new User(
          "gms@streamwide.com",
          "15a4d5b12856538d02d91fedbb766e6dd377b014c92e216666c8fb678608d20e",
          "043f591611206a0913ecb68ab28e086ac1148fbd5ce4a40bf00a186653ecf6f0055f4f1b5ef8a4b527d33dd28c731c7b2829"
          + "d6329283533d499b04c31e2d30437919f486ef76c8a6cbca2f279724539e52b3a1760077670fc35756a9417625d578767178"
          + "11bd3f1fb8fb473b547ba874a8f5d747cd63b2ebcdb150f5b454a46ec2512a86f0672439d3121a0eddf5995f18e1c77e3423"
          + "ea34427b62281977e3afb9b5c8766c5a32e1f9b29f0bb12d46a03f8f3ec7357e59f969473bcf4d4cdc3cdedb6e7982e64771"
          + "17a3c02d86165896485323c96f53a330e5e995ce83b23127542f2177916d5007a5aa116680093911d4bc587cd94e2bdec36d"
          + "7290ed4f2d3998",
          "2e7237faa18a874b88d955199dea974b7d0fefcbbae1946baf659b26a4d05a5e",
          "0468a24d49b184d7008d22f63a415debd38bfa9295f066fa6ada5951c2322d2eca1d6f1d994f22710daef776d9c54d9a338f32395080d6f2bdffb6c7895f12cda2");
  public static final User SW_ALICE =
      new User(
          "sip:alice@streamwide.com",
          "b5c452309219da6a3d805615548d6c1b0f4de45a6b48fb13d9a24d857fc03dc4",
          "0428b44cd6dffd2e7fe73521a5c514738287df177c1ae841ba6f5d72601b9c6bc5509c3fd800ac1fee833dd81c74ab39d274"
          + "0a10fba25cd9b0debb25a3da958cf52e35e863d2db37ea22b318d23d9911d36f585eb110e430123f3cd84d2692a4013bc7f5"
          + "9533e5da2083d8e6e8b96764eb8e8be599dc2361e7428460b8490200417baa5bac10efaa5262301b3110f6da9e8bc9c4b628"
          + "27c3d4f4070a8e341346a326a23f219d2a99298036615956bb85a60cf303d15d469c1ee837c29cba5dccb28d74e4ba0d83da"
          + "c9400d72eecb1817cc60127203f1321e82b7a24f60c07f1804a9895cbb455a94694a5ef627b1c631760295dad53f0eed1714"
          + "ba52d5a932bddd",
          "a1be54a56c7905c06abd2be177fc0c137a32278c9067550b0f0d93fb630d2428",
          "0426cd8b0a33af9b381ee53ebc6841aed5c1c98fb0d2beb9c7ff98d7c79808d1f566659f6b735016192dd9984df56e54f3f95c76ac4638c1f3d3228f3c752c8cc8");
  public static final User SW_IWF =
      new User(
          "sip:iwf_legacy_v1.1.x_format@streamwide.com",
          "edb3cd733168a81106e366c2ddc0e4bc323e9069d48edfe2b3b0f7033bae962a",
          "0424b74f88f8fb0cc7b1fa8b48ef1cd676ac776a3dc98d41c7e334308a7068906d44eb13ea49c472b8835685a4151a2705fb"
          + "78e0371ff351d7ed38de0977ca10ad23c91a569010718f0498daa45f46d8c57e40d96081b839d59c0a1ce06a5044f53ec9b3"
          + "79e730da0605cafcb922b018023c463478d63298bad759dbcae40e8120703f7badd9e5635a22e2a95d7fa94455225065d1d4"
          + "17b3eba279a77882d50425336ed8c5529c608e1777dbad5da9cb23d2fdc5ff0225b1c2237463ac107d9a9f3160e2e4b0e660"
          + "1fa7609fe28640d8b03cdda21411370a5610758436ab98793caef1391ff7eaa01ee15e4893d72c648eba206d17199cf416e5"
          + "6e09e7bca3ae3d",
          "ed3162edf45f6e6f0f0939a02c84795c2ab78f714c91fe0254ca0f48eacf6a20",
          "0411d4c57e7b945588148a55f9e88bd1d62017f4fab600af6bf4dcdb05e6f75e9441e20f7a9e2371ebb34692b941270b52744d1699538b41a4cdf043101e23449d");
  public static final User SW_BOB =
      new User(
          "sip:bob@streamwide.com",
          "780851cda91a9c33f941cd3a2831697e2893264754e363f8a0cef827eb201a81",
          "04421d385f108bd51f66abbce40b899efe187dbb08085d9a535fca8766677db317812e48da407235d73399d4d2e2ed4f5a35"
          + "d7694b64595ce0599e4d3592f5b57ede83890fd798aec2cd96f333d6139d9f7ecfecbb79b769f5fbbc6825beeb25999acdf6"
          + "fb2edd369176f45db0caf5909aa81512e57064c46ae1c23df9284ffba55741cde0b7a8145fdbea76b4ee243d79bd70db4300"
          + "c55570f342ca0df98e8f3b410e1df4ccbdd279403d3da06cad4c5db8d4e078a191a7a0545391e8ca72e51c793448c4ba8be7"
          + "1fbac90a84ded3d6127c4d7438a3132f354b283d65da75a5070ecd96f02d694c505efcb05caf2290bf15ee45c15a0e652496"
          + "b88acbaf1d26a3",
          "a36885736f21b6ceba48448093086f4ada1ce099bd77e3047c04529ac3f4d4eb",
          "049c203fda536ae9481eb7f3a1e4662d0adaa6a3b7d3fff0c2dfadd148a754af424d434253b62dcd08eb6aedb6cd091e09f8539d41d3ef2d0ce07e8ead352f2dd9");
  public static final String SW_TEST1_GMK =
      "ARoFAQahKuoBAgQAAQAAAAgN+bw5BqEq6gsA7ImNqAAAAAAOEMovXVH/CGY2LB2FpW+EZR4OCAEAIBWk1bEoVlONAtkf7bt2bm3T"
          + "d7AUyS4hZmbI+2eGCNIODgkBACC1xFIwkhnaaj2AVhVUjWwbD03kWmtI+xPZok2Ff8A9xA4GAQAYa21zLm15ZGV2LnN0cmVhbXdp"
          + "ZGUuY29tCgcBABhrbXMubXlkZXYuc3RyZWFtd2lkZS5jb20aAAAAGwABBgEBEAIBBAQBDAUBAAYBABIBBBMBABQBEBUBAgERBC3a"
          + "UP1jhkJ9H82+MG+m8UQpuYzjR5JCHxwWvskS8Mny2EqaxY3EcWJhrcq6qkW8/JHV13Ajl7ONGzddlw0JgInw5TgkvS8nxlQFtZTN"
          + "DAQNYfgHfB6mt2ngI7pK7TBSWLx6kWJtP9+GOsQBq8XF5sn8lU1oc5QYueVprQxfbvCAeNptCSm0d/8tTS1MRoZinm1ptcc56tfq"
          + "R7SDGaEf4qIwgi+z6OlimTqd4TfQakk+0SS1N6+FpyTVJaV+vHH+XhbdNEAqvEF4kkVa9uBVbz3oibD6qE5r1p5RPLhMdbFSt43k"
          + "D3m2W0bywQRLcd83h3ToKJjUVZmiJ1looeUhlmLDlOMS1o5aCogO1Y9BzxcIBAcAR0MAAAAAAQAAAAAAAShwT6Qcj+IPiBwbqw0y"
          + "2MoGoSrqAAAkTt3Dv4wqSl0/yYSEQBI+fQVNq0MI1QV1kgbMeJ0FpM4OSTZNIIEiJZ8Dj82CPpmzeAtvAA00Ld0hK6wK+/O6TLeV"
          + "fE6HxgAGWUHFH/27VKKiyKPa0tpfDhlEEnWzJiVzWOD/yzXdBGiiTUmxhNcAjSL2OkFd69OL+pKV8Gb6atpZUcIyLS7KHW8dmU8i"
          + "cQ2u93bZxU2aM48yOVCA1vK9/7bHiV8SzaI=";
  public static final String SW_TEST2_CSK =
      "ARoFAS3dW/ABAgYAAQAAAAQt3VvwCwDsiY2oAAAAAA4QTRPEF5i4LeE7cBqWlzKO3Q4IAQAgtcRSMJIZ2mo9gFYVVI1sGw9N5Fpr"
          + "SPsT2aJNhX/APcQOCQEAIBWk1bEoVlONAtkf7bt2bm3Td7AUyS4hZmbI+2eGCNIODgYBABhrbXMubXlkZXYuc3RyZWFtd2lkZS5j"
          + "b20KBwEAGGttcy5teWRldi5zdHJlYW13aWRlLmNvbRoAAAAbAAEGAQEQAgEEBAEMBQEABgEAEgEEEwEAFAEQFQECAREEfQkdJ4BY"
          + "O/O2WHY5cZ8HZMAMm5n9MLxgvJCOAv+759hNMLBMPPvnEjivXxmb661AVDQ1haLXdN52IbHmBgLJTYeyPQX8CVon6WVshkoTQCMW"
          + "MRND0jdyGFRlw24VGkYfL2Z+JBvta/dAy4+GZYxTsqXzF7KOqH4f2P/aY5eVHAEvwF2zwUXUB0nOIs8Jtq/7dT+hwB5/mvoQiK+u"
          + "iFkdwEvltVw6ZCzpWiqO+ly/ulyhYXubtqqFOvKMWLe/dqdaEsOMmsP4ZFTsYYOCU5B9IbrQ02IZDNJlNasQNe/m5MrC5+WcZkTw"
          + "54G/ViwtQlxhuoi/E8J6XL0bY4n44uXDvmRNXMkLCsMC1y/iJVKWo9EEBwBEQwAAAAABAAAAAAABb37iYqxNp/XQanLehoFqvi3d"
          + "W/AAACG8cPNwhkxPqPeos5kqzBfSM1U4vqkNYBaZK2uYKuhgCPAggdf8YqSPHsId0HAlWI2c3FevHT8Yd84XlCTMbp/Y8UE/qNnq"
          + "yYDSyrpmrkj9okfl3jPsNoqzh8uddNZSTDzr5UAEJs2LCjOvmzge5T68aEGu1cHJj7DSvrnH/5jXx5gI0fVmZZ9rc1AWGS3ZmE31"
          + "blTz+Vx2rEY4wfPTIo88dSyMyA==";
  public static final String SW_TEST3_PCK =
      "ARoFARaZJjgAAQsA7ImNqAAAAAAOEAKii92vmExeBWO8HOhX34MOCAEAILXEUjCSGdpqPYBWFVSNbBsPTeRaa0j7E9miTYV/wD3E"
          + "DgkBACB4CFHNqRqcM/lBzTooMWl+KJMmR1TjY/igzvgn6yAagQ4GAQAYa21zLm15ZGV2LnN0cmVhbXdpZGUuY29tCgcBABhrbXMu"
          + "bXlkZXYuc3RyZWFtd2lkZS5jb20aAAAAGwABBgEBEAIBBAQBDAUBAAYBABIBBBMBABQBEBUBAgERBF0yVtvyB49KhE+ao3Hj8W+g"
          + "NROh57Tk5/9BWa2jNv1YLxYpBxV7206wlv/WHWlzz+NgptVcWgECwaekKAGURuP4TA+dRQpkGvqW8wImX2EF8Zjy+a1pOZMZ3YFA"
          + "YRiYEAAGmOByWKdDDOT0TfgL2pPFXS1CvZ/bZtQL03Q8fL/JInBbnv4dSYiJ9/fkeeqg37yIRsjA3Xfds7k/2o4f0s4NisOs74F2"
          + "xjE12l3/764H+g1y2rAMAWkjaJbS9jbVfZNGDauoRhq8zuXEXH1c5ftqs4VEPeOPmWjAkW1rQe8KxkZbmtrygtNpBIXVeZZEyorz"
          + "D+MyQ2zL9xoGVs8cToze4NOxYt19SOInSpGO5Q0vBAcAREMAAAAAAQAAAAAAAfb0FW9YVClhy8qPsQ5m8WcWmSY4AAAhpTVAAi78"
          + "zLNoUFiVPGjByx4N9U9gccPiQl1eiCiFLm8BIIFAPW9oE9lYM5oS5nQS9bWbJzGv+vWNAh2uUWmyG/OTGMeFzAD0JFMB6zcf7ck7"
          + "GFns2OEPIGGx+7046le+CihyBCbNiwozr5s4HuU+vGhBrtXByY+w0r65x/+Y18eYCNH1ZmWfa3NQFhkt2ZhN9W5U8/lcdqxGOMHz"
          + "0yKPPHUsjMg=";
  public static final String SW_TEST4_GMK_LEGACY =
      "ARoFAQSCCacCAADK/rq+AAAAAAAAAAAAAAAAAAsA7ImNqAAAAAAOEM3U5xrZLMCQ86E8tmouyxgOCAEAIBWk1bEoVlONAtkf7bt2"
          + "bm3Td7AUyS4hZmbI+2eGCNIODgkBACDts81zMWioEQbjZsLdwOS8Mj6QadSO3+KzsPcDO66WKg4GAQAYa21zLm15ZGV2LnN0cmVh"
          + "bXdpZGUuY29tCgcBABhrbXMubXlkZXYuc3RyZWFtd2lkZS5jb20aAAAAGwABBgEBEAIBBAQBDAUBAAYBABIBBBMBABQBEBUBAgER"
          + "BF6WXZDP1xXQb6fqRvMIIWmyvxj3mWH7CM+1KiNnW67b1ZyKQfnNTTVd6qOmDw5gOl2AJsvvVT2hRmzZENyjyVRp0njGf1jT7kNE"
          + "lNm604PwuYPUrRZfEJkx8S+RlZ4Yzi3e5rQiT51qw2fs6B9Eeikz8G0ERl2OL9hK9Fuhei4VePlS0iDpxuDnUmHik4nTc8F+7Apx"
          + "agH0YP/6V3EgnLMoBnjW6qBK2F+2BTXNY8uZ3FBmk71ta8O2vg32fhQZpRqv5XE9tMkG0Xdkrk2IwX234rVLlgGudn7kNuQUS2zb"
          + "sh6FdUYXCEY8zzMIZMCAbEjHkm1CIMlJ+Qj2sTkW8YO4HjdsRwl5Ja6hNciqF54XBAcAEQEAAAABAAAAAAAAAAAAAAAAIIH/fqEk"
          + "t5+oaoFcfKQ58KNfBa9wOmqCE6kGkoPOHu3amjBGJiTGbSZLzi5SElAtgAIY1zsJxcUoLV+65v9s8THsBGiiTUmxhNcAjSL2OkFd"
          + "69OL+pKV8Gb6atpZUcIyLS7KHW8dmU8icQ2u93bZxU2aM48yOVCA1vK9/7bHiV8SzaI=";
  public static final String ALEA_KMS_URI = "sip:common_kms.test.org";
  public static final long ALEA_PERIOD = 914544000L;
  public static final long ALEA_PERIOD_NO = 4L;
  public static final String ALEA_KPAK = "044c6fb7827e0f9ee7555a547dafee9b2825c9a4bbc688ff6a64dbe9e126f15ae45113f12c96e435b211cc5986ab2f2af47d140623ffddacfa8a3dcdcfa8e80c49";
  public static final String ALEA_Z =
      "040badc7c87a5819200bec1005010abc38062c285abb0a93e6d213bbbb59f6d6ded17cbf58a1a67be8c80a55e087bd5fd517"
          + "8e9586e9a9c6df0b34c06f16c0fd0375f98a4eca2aecdd17d7cebe8468812f731f520c89cb45785ab973e42a96e60ae148b8"
          + "f454c06cb8317fa6992b57b5ccdcc615f7325900ddf2260a807ed0a2f215c02a3385aa53a5914c1cd177293d25ac0003d55f"
          + "90b105adaed81b5a1f9cef2c9ae6817a98291b74c221c486575706ef08d06456538c52a6f6e49568ce4693b6f49256683219"
          + "ef56887e06359abcdfda1e315711345abb6e8c246b0dcec817eb7eeaa3402e57ccacb349821ae42ad39d3e341786501ef338"
          + "f07a5e2a114256";
  /** sip:u1alea@veronica-cluster (receiver of the Alea GMK, sender of the Alea CSK). */
  public static final String ALEA_U1_URI = "sip:u1alea@veronica-cluster";
  public static final String ALEA_U1_UID = "4c36ce1c357a7b99105705d711bc0fc2d124c578f7923905fd0daeb3a504afe7";
  public static final String ALEA_U1_RSK =
      "0446464b28b6473149be4f92192c396a23f6d3c5129261d923c82192c58e6a0d63ad30a5c8e317519724b5d90f9f2495cd4f"
          + "d04e4541f79b3582bd74888ba4f8d09d52a1bea2df611bf365fd64a265fe4bc457b0aae45ab604b5a9fc18a45a5a0897e566"
          + "8ce686a2190fc5bc0b9c46df85b252e02dec936e27d3960b8f71b8ee8f2e499ec641f593a61772e608094db4661f4fccfaff"
          + "16f0b64c5565ad3b20cfe6bd23dfb6d904822d05a2e0eaa75498bddccc1f9f91a2519890ea583390208bcebc2ac5491633bb"
          + "d195cf574dbac5e5ec607cffb181f8323e8f636c34da94f584d93f9ea6e6f2c8364c562d952db804b20506ecdaf426ef0755"
          + "f2e5624c3aa5b6";
  /** MDSI sip:mcptt-participant.test.org (receiver of the Alea CSK). */
  public static final String ALEA_MDSI_URI = "sip:mcptt-participant.test.org";
  public static final String ALEA_MDSI_UID = "dae408654097bf457647445d70006b950d3c22a070b04fe1e6f8573b6fe029bd";
  public static final String ALEA_MDSI_RSK =
      "040db6d193d05d3cad963ffb94bbc13d40a4888effe72e4944be1c93312c9300e0bc066f08480c56d32006b886a44738fc06"
          + "6f6efd65515fe67a181f2f159291b4defa6556ed72f9d271d5f13952711aaa6bd58619575a94403adc58f7d7212b06e1810e"
          + "fc8b104577930d207f48fe0ca869841b84e7691f2ef0b8eccc3f407abd017777b65f50de1ec778b8809b0c9c6a9ac061669e"
          + "8253c011044494b0946ed35948bf529465c164475b1c3dfc29580b90570740698043855a97eaa83972dd16fe8a39bdd07f39"
          + "c6a096bed9ea487509556d9b965733d7fc1db37106b2714fb38ca97164f8d5a4da23b063ca0cd04e8a55453461eeea6eee56"
          + "daf3288e30a981";
  public static final String ALEA_GMS_URI = "sip:gms.test.org";
  public static final String ALEA_GMS_UID = "c4ebd4a105a1b788a56e49592dbdbe5f80440d6b135dd1faed68a62560ccd3cc";
  public static final String ALEA_GMK_MSG =
      "ARoFAQw0CIgAAQsA7IUj1QAAAAAOELl2APHum2yqLR/Km2b2bkcOCAEAIMTr1KEFobeIpW5JWS29vl+ARA1rE13R+u1opiVgzNPM"
          + "DgkBACBMNs4cNXp7mRBXBdcRvA/C0STFePeSOQX9Da6zpQSv5w4GAQAXc2lwOmNvbW1vbl9rbXMudGVzdC5vcmcKBwEAF3NpcDpj"
          + "b21tb25fa21zLnRlc3Qub3JnFQEAAB4AAQYBARACAQQEAQwFAQAGAQANAQESAQQTAQAUARAaBwBmQABo2qVVAAAAAAABiCh/xsrY"
          + "CM8FunElmXEoAgw0CIgAAENMWs1VitS8i5o1o9FLi4XPfMTJmCpt5SEBurW4KbfGsKbMIrVJtaSRCDzdJIexE0wfMKoaVVDOuap6"
          + "yMpZ8YvtU4SpBAECAREEWvlHE823nyyJ5u7OxtSNpwFUZRTdG9LBwd4fNdwTYe+yELCsp8ou45yfp/VtN0pHB2mHv9guRyLZNUia"
          + "7prEJaSNknE/mUnKinSBMvHm9ooH3MqdKLFEtuA1SqrBfhXX9nfDcc2LCOSIRyL8wbhez1x852XGmtwnrHpEXVYqQ8IYPjLJuWlK"
          + "TCKVog02nNdDrTrv2o/m4EWh2SGDE/7rRevhG0tBUN8MCVPN5CeGJJ/w/j9K6slAAdPo1R+LNjxKPEX5Y8YLywok3CECD2BRHNfA"
          + "nV/Qs4ZQxE/D9bNfFnZwkn3C0qHq2TaJFhapiw9jn8u1N2m3wBSmPz/LpWIy7TosmyzFJx6us4SaN6kDvZkggQtL9DeXTr1ln0ek"
          + "TMRFCKC34XxSJyksndGBpnulq7kTqzdfplqZ76EHIdTGU9FLJe6ULOjLhfUQNosN/xxURRUEYYR0bqcEKTpuRIxvyyfsZ+X+HX7X"
          + "a+2OP4E5lLfJt/Xsc6itFaxjZQCuKoBC26vlXQ2yhsD9D8wQXMGiFlPPew==";
  public static final String ALEA_CSK_MSG =
      "ARoFASYUek4AAQsA7IUUaQAAAAAOEKz72XGM/9wn2sMPSle8mT0OCAEAIEw2zhw1enuZEFcF1xG8D8LRJMV495I5Bf0NrrOlBK/n"
          + "DgkBACDa5AhlQJe/RXZHRF1wAGuVDTwioHCwT+Hm+Fc7b+ApvQ4GAQAXc2lwOmNvbW1vbl9rbXMudGVzdC5vcmcKBwEAF3NpcDpj"
          + "b21tb25fa21zLnRlc3Qub3JnGgEAABIAAQYBARAEAQwFAQAGAQAUARAEAQIBEQQj9ElMoNE32SzEbDxjQts8aurQLzoHUrfB1F2+"
          + "pmFC8iofViF/qnHb+42YciAfGOcrsiCm4fmoLr1FlUVpzjpXB9/+JUuAECUTvneXoBs9O+iZrBBdxMvCPY1EZOY4H3uxyurLoS4Z"
          + "iIHPsarcpuFcQ/RnGnInf91wc310yvceWF9/X0NvlqmC5zYoxEWJxwbP9JvoXeV5O/Budm4DhkcwZj6jP3fQFfwChmrCarToTgmT"
          + "NsUdwBkFwyG/GIu+2cYaX0W7c9Dcc/MrxKUjLy5S6V7Mv7MCr2wO5mTYD1AUnx58wB8c7aQpKrz9PWLDfGutxaoe19t6LnWN5Uxg"
          + "gUG8Tk59gD/YV+Vnaz5uMdFfSyCBaRKOrolV45m7jQoEa3+OyGIvAbdLv5sDmN5/ZhSdnFtgfGMLPQ2Sfi3ExHjGiE5NtchVL5mX"
          + "ivz8DS2ouILyKwT1Hxo6FO6tAFOa0NEWwyPzZjwPfIuY0HYdzYYdcI5Iu/d1DTu41KZh7B1XUc7XMGh8NouZGe6eLTVWeTNRdRiK";
}
