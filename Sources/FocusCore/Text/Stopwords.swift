/// Words too common to be a topic on their own, per language. Emerging terms skip them (and
/// phrases that start or end with one), so that "the" never "rises".
public enum Stopwords {
    public static let english: Set<String> = Set("""
        a about above after again against all also am an and any are as at be because been before being below between both but by \
        can could d did do does doing don down during each even ever few for from further get got had has have having he her here hers \
        him his how i if in into is it its just ll m me more most my no nor not now of off on once only or other our ours out over own \
        re really s same she should so some still such t than that the their theirs them then there these they this those through to \
        too under until up us ve very was we were what when where which while who whom why will with would you your yours yet \
        im ive dont didnt cant couldnt wont isnt wasnt thanks thank please one two three again always never nothing something \
        everything anything much many made make makes let lets ok okay
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    public static let german: Set<String> = Set("""
        aber alle allem allen aller alles als also am an auch auf aus bei bin bis bist da damit dann das dass dem den der des dessen \
        die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwas euch für hab habe \
        haben hat hatte hätte ich ihr ihre im in ist ja jede jeder jetzt kann kein keine man mein meine mich mir mit muss nach nicht \
        nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so schon um und uns unser unter vom von vor war waren was weil \
        wenn wer wie wir wird wo zu zum zur über danke bitte immer mal ganz
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// Stop words of every language Focus knows, for texts whose language is unknown.
    public static let all: Set<String> = english.union(german)

    public static func of(_ language: String?) -> Set<String> {
        switch language {
        case "en": english
        case "de": german
        default: all
        }
    }
}
